/** An answer from one of the services that was not 2xx, with its problem+json body when it sent one. */
export class ServiceCallError extends Error {
  readonly status: number;
  readonly problem: unknown;
  constructor(service: string, path: string, status: number, problem: unknown) {
    const detail = (problem as { detail?: string } | undefined)?.detail;
    super(`${service} ${path}: ${status}${detail ? ` ${detail}` : ''}`);
    this.name = 'ServiceCallError';
    this.status = status;
    this.problem = problem;
  }
}

export interface ApiClientOptions {
  service: string;
  baseUrl: string;
  apiKey: string;
  /** The signed-in user the call is made for, sent as `X-Acting-User`. */
  actingUser?: string;
  timeoutMs?: number;
}

/** JSON over HTTP to one service, with the console's key and the acting user. */
export function apiClient(options: ApiClientOptions) {
  const headers = (body: boolean, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${options.apiKey}`,
    accept: 'application/json',
    ...(options.actingUser ? { 'x-acting-user': options.actingUser } : {}),
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...extra,
  });
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    const parsed =
      text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    if (!response.ok) throw new ServiceCallError(options.service, path, response.status, parsed);
    return parsed as T;
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T>(path: string, body?: unknown) => call<T>('DELETE', path, body),
    /** A GET whose 404 means "none": answers undefined. */
    async find<T>(path: string): Promise<T | undefined> {
      try {
        return await call<T>('GET', path);
      } catch (error) {
        if (error instanceof ServiceCallError && error.status === 404) return undefined;
        throw error;
      }
    },
    /** A long-lived response (server-sent events), open until `signal` aborts it. */
    stream: (path: string, signal: AbortSignal) =>
      fetch(`${options.baseUrl}${path}`, {
        headers: headers(false, { accept: 'text/event-stream' }),
        signal,
      }),
    /** A POST whose answer is relayed as it is (a rendered PDF). */
    postRaw: (path: string, body: unknown) =>
      fetch(`${options.baseUrl}${path}`, {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      }),
    /** The raw response, for what the console relays (docs, queue boards). */
    raw: (path: string, init: { method: string; accept?: string }) =>
      fetch(`${options.baseUrl}${path}`, {
        method: init.method,
        headers: headers(false, init.accept ? { accept: init.accept } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      }),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
