import type { InjectableApp } from '@dunning/service-runtime';
import { adminAuth } from '@dunning/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzOperation, type RunReport, readBody } from '../src/fuzz/http-fuzzer.ts';
import type { InputClass } from '../src/fuzz/http-inputs.ts';
import { type Operation, operationsOf } from '../src/fuzz/openapi-operations.ts';
import {
  deadLetters,
  fingerprints,
  harvestIds,
  SERVICES,
  seedBaseline,
  waitForQuiet,
} from '../src/fuzz/platform-state.ts';
import { describeFailures, phaseSummary, reportLine } from '../src/fuzz/report.ts';
import { fuzzSettings } from '../src/fuzz/settings.ts';
import {
  missingRows,
  rowDigests,
  stringsWrittenSince,
  transactionMark,
} from '../src/fuzz/table-fingerprint.ts';
import { type PlatformUnderTest, platformUnderTest } from '../src/index.ts';
import type { ServiceName } from '../src/platform-under-test.ts';

const settings = fuzzSettings();
// Of each endpoint's FUZZ_RUNS inputs: half must be refused, a quarter are fresh, a quarter use known ids.
const SHARE: Record<InputClass, number> = { invalid: 0.5, fresh: 0.25, known: 0.25 };
// Renders that store nothing: an accepted preview owes no stored text.
const RENDERS_ONLY = /\/preview(\/letter)?$/;
// A customer's share of the whole portfolio: any new invoice of anyone changes it, as it should.
const PORTFOLIO_WIDE = ['risk_concentration_flags'];
// What accepted inputs set off (ladders, notices, letters) takes longer to settle after a long run.
const quiet = { stableMs: 2500, timeoutMs: 120_000 + settings.runs * 20 };
// Generous bounds for a loaded 2-core machine: 25 ms per input plus the waits between phases.
const phaseTimeout = (operations: number) => 120_000 + operations * settings.runs * 25;

describe('hostile HTTP input: every documented operation of every service', () => {
  let platform: PlatformUnderTest;
  const apps = {} as Record<ServiceName, InjectableApp>;
  const operations: Operation[] = [];
  let freshCounter = 0;
  const nextId = () => `fz-${settings.seed.toString(36)}-${(freshCounter++).toString(36)}`;

  beforeAll(async () => {
    console.log(`fuzz: FUZZ_RUNS=${settings.runs} per endpoint, FUZZ_SEED=${settings.seed}`);
    const env = { RATE_LIMIT_PER_MINUTE: '1000000000' };
    platform = platformUnderTest({
      env: {
        invoices: env,
        'credit-risk': env,
        // Due steps run at once (not at the next business hour, nor at the next minute's timer pump),
        // so the baseline settles in seconds and a quiet second means the platform is idle.
        dunning: { ...env, SEND_WINDOWS: 'off', PUMP_INTERVAL_MS: '250', SWEEP_INTERVAL_MS: '500' },
        notifications: env,
      },
    });
    apps.invoices = (await platform.startInvoices()).app as unknown as InjectableApp;
    apps['credit-risk'] = (await platform.startCreditRisk()).app as unknown as InjectableApp;
    apps.dunning = (await platform.startDunning()).app as unknown as InjectableApp;
    apps.notifications = (await platform.startNotifications()).app as unknown as InjectableApp;
    for (const service of SERVICES) {
      const response = await apps[service].inject({ method: 'GET', url: '/docs/json', headers: adminAuth });
      expect(response.statusCode).toBe(200);
      const document = JSON.parse(await readBody(response.stream()));
      operations.push(
        ...operationsOf(service, document).filter(
          (operation) => settings.only?.test(operation.label) ?? true,
        ),
      );
    }
    await seedBaseline(apps);
    await waitForQuiet(platform, apps, quiet);
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  async function runPhase(
    kind: InputClass,
    afterEach?: (report: RunReport) => Promise<void>,
  ): Promise<RunReport[]> {
    // Ids the platform holds, and ids that name members of every JavaScript object; template keys.
    const knownIds =
      kind === 'known' ? [...(await harvestIds(platform)), 'constructor', '__proto__', 'toString'] : [];
    const knownKeys = kind === 'known' ? await templateKeys() : [];
    const reports: RunReport[] = [];
    for (const operation of operations) {
      const isPublic = operation.path.startsWith('/health/');
      const runs = runsFor(operation, kind, isPublic);
      if (runs === 0) continue;
      const report = await fuzzOperation({
        app: apps[operation.service as ServiceName],
        operation,
        kind,
        runs,
        seed: settings.seed,
        auth: { ...adminAuth },
        isPublic,
        knownIds,
        knownKeys,
        nextId,
      });
      if (!report) continue;
      console.log(reportLine(report));
      await afterEach?.(report);
      reports.push(report);
      const live = await apps[operation.service as ServiceName].inject({
        method: 'GET',
        url: '/health/live',
      });
      expect(live.statusCode, `${operation.service} still answers after ${operation.label}`).toBe(200);
    }
    console.log(phaseSummary(`fuzz ${kind}`, reports));
    return reports;
  }

  it(
    'refuses every invalid input with an explained 4xx and changes nothing stored',
    async () => {
      const before = await fingerprints(platform);
      const reports = await runPhase('invalid');
      const after = await waitForQuiet(platform, apps, quiet);
      expectNoFailures(reports);
      expect(after).toEqual(before);
    },
    phaseTimeout(50),
  );

  it(
    'never fails on fresh hostile input, stores accepted text verbatim and leaves what existed alone',
    async () => {
      const existed = Object.fromEntries(
        await Promise.all(
          SERVICES.map(async (service) => [
            service,
            await rowDigests(platform.pool(service), platform.schemaOf(service)),
          ]),
        ),
      );
      const unstored: string[] = [];
      const checked = { writes: 0, texts: 0 };
      let mark = await transactionMark(platform.pool('invoices'));
      const reports = await runPhase('fresh', async (report) => {
        const operation = operations.find((candidate) => candidate.label === report.label)!;
        if (!RENDERS_ONLY.test(operation.path) && report.accepted.length > 0) {
          const service = operation.service as ServiceName;
          const stored = await stringsWrittenSince(platform.pool(service), platform.schemaOf(service), mark);
          for (const accepted of report.accepted) {
            checked.writes++;
            checked.texts += accepted.texts.length;
            for (const text of accepted.texts)
              if (!stored.has(text))
                unstored.push(`${report.label} ${accepted.url}: ${JSON.stringify(text)}`);
          }
        }
        mark = await transactionMark(platform.pool('invoices'));
      });
      await waitForQuiet(platform, apps, quiet);
      console.log(
        `fuzz fresh: ${checked.writes} accepted writes, ${checked.texts} texts looked up in storage, ${unstored.length} not found verbatim`,
      );
      expect(unstored.slice(0, 20), 'accepted text not stored verbatim').toEqual([]);
      // What the services accepted, they also publish in a form every other service takes.
      expect(await deadLetters(apps), 'dead letters').toEqual([]);
      expectNoFailures(reports);
      for (const service of SERVICES) {
        const now = await rowDigests(platform.pool(service), platform.schemaOf(service));
        for (const table of PORTFOLIO_WIDE) delete existed[service]![table];
        expect(missingRows(existed[service]!, now), `${service}: rows that existed before`).toEqual([]);
      }
    },
    phaseTimeout(50),
  );

  it(
    'never fails on hostile input about what the platform holds',
    async () => {
      const reports = await runPhase('known');
      expectNoFailures(reports);
      await waitForQuiet(platform, apps, quiet);
      expect(await deadLetters(apps), 'dead letters').toEqual([]);
    },
    phaseTimeout(50),
  );

  async function templateKeys(): Promise<string[]> {
    const response = await apps.notifications.inject({
      method: 'GET',
      url: '/v1/templates',
      headers: adminAuth,
    });
    const body = JSON.parse(await readBody(response.stream())) as { items: { templateKey: string }[] };
    return body.items.map((item) => item.templateKey);
  }
});

function expectNoFailures(reports: RunReport[]): void {
  const failures = reports.flatMap((report) => report.failures);
  const count = reports.reduce((sum, report) => sum + report.failureCount, 0);
  expect(count, `${count} failures, the first of each operation:\n${describeFailures(failures)}`).toBe(0);
}

function runsFor(operation: Operation, kind: InputClass, isPublic: boolean): number {
  // A public route without parameters has nothing it must refuse: its share goes to the others.
  const refusable = !(isPublic && operation.pathParams.length === 0 && operation.query.length === 0);
  if (!refusable) return kind === 'invalid' ? 0 : Math.round(settings.runs / 2);
  return Math.round(settings.runs * SHARE[kind]);
}
