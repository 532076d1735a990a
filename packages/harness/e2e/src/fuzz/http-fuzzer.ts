import { setImmediate as nextTurnOfTheLoop } from 'node:timers/promises';
import type { InjectableApp } from '@dunning/service-runtime';
import fc from 'fast-check';
import { type HttpInput, httpInputArbitrary, type InputClass, withFreshIds } from './http-inputs.ts';
import type { Operation } from './openapi-operations.ts';
import { streamSeed } from './settings.ts';

export interface Failure {
  label: string;
  kind: InputClass;
  index: number;
  seed: number;
  what: string;
  problem: string;
  request: string;
}

export interface RunReport {
  label: string;
  kind: InputClass;
  inputs: number;
  statuses: Record<number, number>;
  failures: Failure[];
  failureCount: number;
  ms: number;
  /** Accepted writes of fresh inputs with the texts they carried. */
  accepted: { url: string; texts: string[] }[];
}

export interface RunOptions {
  app: InjectableApp;
  operation: Operation;
  kind: InputClass;
  runs: number;
  seed: number;
  auth: Record<string, string>;
  isPublic: boolean;
  knownIds: readonly string[];
  knownKeys?: readonly string[];
  nextId: () => string;
  concurrency?: number;
}

const CHUNK = 200;
const KEPT_FAILURES = 10;

/** The whole body of an injected response read as a stream, as text. */
export async function readBody(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a response breaks the rules for its input class, or undefined when it keeps them. */
export function responseProblem(
  kind: InputClass,
  status: number,
  contentType: string,
  body: string,
): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (kind === 'invalid' && status < 400) return `accepted an invalid input with ${status}`;
  if (status < 400) return undefined;
  if (!contentType.startsWith('application/problem+json'))
    return `${status} as ${contentType || 'no content type'}`;
  let problem: { detail?: unknown; errors?: unknown };
  try {
    problem = JSON.parse(body) as typeof problem;
  } catch {
    return `${status} with a body that is not JSON`;
  }
  const detail = typeof problem.detail === 'string' && problem.detail.trim().length > 0;
  const errors = Array.isArray(problem.errors) && problem.errors.length > 0;
  return detail || errors ? undefined : `${status} without detail or field errors`;
}

function describe(input: HttpInput): string {
  const payload =
    input.payload === undefined
      ? ''
      : ` ${input.headers['content-type'] ?? '(no content type)'} ${input.payload.length} bytes: ${input.payload.toString().slice(0, 300)}`;
  return `${input.method} ${input.url.slice(0, 300)}${payload}`;
}

/** Sends `runs` generated inputs of one class to one operation and checks every answer. */
export async function fuzzOperation(options: RunOptions): Promise<RunReport | undefined> {
  const { app, operation, kind, runs } = options;
  const arbitrary = httpInputArbitrary(operation, kind, options);
  if (!arbitrary) return undefined;
  const report: RunReport = {
    label: operation.label,
    kind,
    inputs: 0,
    statuses: {},
    failures: [],
    failureCount: 0,
    ms: 0,
    accepted: [],
  };
  const started = performance.now();
  for (let chunk = 0; chunk * CHUNK < runs; chunk++) {
    const seed = streamSeed(options.seed, `${operation.label}|${kind}|${chunk}`);
    const inputs = fc.sample(arbitrary, { seed, numRuns: Math.min(CHUNK, runs - chunk * CHUNK) });
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const index = next++;
        const input = withFreshIds(inputs[index]!, options.nextId);
        const problem = await send(app, input, report);
        // An injected request that needs no I/O resolves in microtasks alone; without a turn of the
        // event loop the immediates it leaves (and timers such as Kafka heartbeats) would never run.
        await nextTurnOfTheLoop();
        if (problem !== undefined) {
          report.failureCount++;
          if (report.failures.length < KEPT_FAILURES)
            report.failures.push({
              label: operation.label,
              kind,
              index: chunk * CHUNK + index,
              seed: options.seed,
              what: input.what,
              problem,
              request: describe(input),
            });
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  }
  report.ms = performance.now() - started;
  return report;
}

async function send(app: InjectableApp, input: HttpInput, report: RunReport): Promise<string | undefined> {
  const abort = new AbortController();
  let status: number;
  let contentType: string;
  let body: string;
  try {
    const response = await app.inject({
      method: input.method,
      url: input.url,
      headers: input.headers,
      ...(input.payload === undefined ? {} : { payload: input.payload }),
      payloadAsStream: true,
      signal: abort.signal,
    });
    status = response.statusCode;
    contentType = String(response.headers['content-type'] ?? '');
    // An event stream stays open: its status and headers are the answer.
    if (contentType.startsWith('text/event-stream')) {
      abort.abort();
      body = '';
    } else body = await readBody(response.stream());
  } catch (error) {
    return `inject failed: ${(error as Error).message}`;
  }
  report.inputs++;
  report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  if (input.kind === 'fresh' && status < 300 && input.texts.length > 0)
    report.accepted.push({ url: input.url, texts: input.texts });
  const problem = responseProblem(input.kind, status, contentType, body);
  return problem === undefined ? undefined : `${problem}: ${body.slice(0, 500)}`;
}
