// Times each URL: one warm-up request, then sequential ones; the server's own figure (Server-Timing).
import { performance } from 'node:perf_hooks';
import { serverTimingMs, type Timings, timings } from '../../domain/stats.ts';
import type { TargetContext, TimedUrl } from '../pages-targets.ts';

export interface UrlTiming {
  app: TimedUrl['app'];
  as: TimedUrl['as'] | 'admin key';
  path: string;
  status: number;
  targetMs: number;
  /** From the app's Server-Timing header; the client's figure (localhost) when it sends none. */
  serverMs: Timings;
  clientMs: Timings;
  source: 'server-timing' | 'client';
  verdict: 'met' | 'missed' | 'missing' | 'error';
  /** How long the platform's database work left over from the previous URL took to drain first. */
  drainSeconds: number;
}

export interface TimingSetup {
  urlOf: (app: TimedUrl['app']) => string;
  headersFor: (target: TimedUrl) => Record<string, string>;
  requests: number;
  /** Stop sampling one URL after this long (once it has 3 samples): a slow report must not take the hour. */
  budgetMs: number;
  /**
   * Waits until the services run no long query (a console page gives up on a service after 10 s, but
   * the service's query runs on and would slow the next URL down); resolves with the seconds waited.
   */
  drain: () => Promise<number>;
}

export function verdictOf(
  target: Pick<TimedUrl, 'targetMs' | 'future'>,
  status: number,
  p95: number | null,
): UrlTiming['verdict'] {
  if (target.future && (status === 404 || status === 400)) return 'missing';
  if (status >= 400 || p95 === null) return 'error';
  return p95 < target.targetMs ? 'met' : 'missed';
}

export async function timeUrl(
  target: TimedUrl,
  context: TargetContext,
  setup: TimingSetup,
): Promise<UrlTiming> {
  const path = target.path(context);
  const url = `${setup.urlOf(target.app)}${path}`;
  const headers = setup.headersFor(target);
  const drainSeconds = await setup.drain();
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    const client = performance.now() - started;
    return { status: response.status, client, server: serverTimingMs(response.headers.get('server-timing')) };
  };
  const warm = await once();
  const server: number[] = [];
  const client: number[] = [];
  let status = warm.status;
  const startedAt = Date.now();
  for (let n = 0; n < setup.requests; n++) {
    if (n >= 3 && Date.now() - startedAt > setup.budgetMs) break;
    const sample = await once();
    status = Math.max(status, sample.status);
    client.push(sample.client);
    if (sample.server !== undefined) server.push(sample.server);
  }
  const source = server.length === client.length ? 'server-timing' : 'client';
  const serverMs = timings(source === 'server-timing' ? server : client);
  return {
    app: target.app,
    as: target.as ?? 'admin key',
    path,
    status,
    targetMs: target.targetMs,
    serverMs,
    clientMs: timings(client),
    source,
    verdict: verdictOf(target, status, serverMs.p95),
    drainSeconds,
  };
}
