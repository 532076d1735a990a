import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultSuiteResult, faultTable } from './fault-suite.ts';

export interface RunRecord {
  /** Holds the services' logs and data, suite.log and, once reported, findings.json. */
  workDir: string;
  /** Printed and appended to suite.log, so a failed run can be read afterwards. */
  log(line: string): void;
  /** Logs the fault table, the figures (with `extra` lines) and the first findings; keeps them all. */
  report(result: FaultSuiteResult, ...extra: string[]): void;
  /** For a passed run: its work dir (some 200 MB of broker and database files) goes. */
  discard(): void;
}

/** The work dir and log of one fault-suite run, named `label`, kept when the run fails. */
export function runRecord(label: string, seed: number): RunRecord {
  const workDir = mkdtempSync(join(tmpdir(), `${label}-`));
  const log = (line: string) => {
    console.log(`[${label} seed=${seed}] ${line}`);
    appendFileSync(join(workDir, 'suite.log'), `${line}\n`);
  };
  log(`work dir ${workDir} (service logs under logs/)`);
  return {
    workDir,
    log,
    report(result, ...extra) {
      log(`\n${faultTable(result)}`);
      for (const line of extra) log(`\n${line}`);
      log(
        `figures ${JSON.stringify(result.verdict.figures)}; resent under the same id: ${result.verdict.resentSameId}; replicas restarted after exiting on their own: ${result.selfExits}; ${Math.round(result.durationMs / 1000)} s`,
      );
      writeFileSync(join(workDir, 'findings.json'), JSON.stringify(result.verdict.findings, null, 2));
      for (const finding of result.verdict.findings.slice(0, 40))
        log(`finding: ${finding.kind}: ${finding.what}`);
    },
    discard() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
