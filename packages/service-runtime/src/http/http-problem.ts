import { statusTitle } from './problem-details.ts';

export type HttpProblemOptions = {
  status: number;
  /** Defaults to the HTTP status phrase. */
  title?: string;
  detail?: string;
  /** A problem type URI; defaults to `about:blank` (the status says it all). */
  type?: string;
  /** Extra members rendered beside the standard ones, e.g. both bodies of a conflict. */
  extensions?: Record<string, unknown>;
};

/**
 * An expected failure a handler throws to answer the client with an RFC 9457 problem
 * (its status, title, detail and extension members are sent as they are).
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor({ status, title, detail, type, extensions }: HttpProblemOptions) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpProblem status must be a 4xx or 5xx code, got ${status}`);
    }
    super(detail ?? title ?? statusTitle(status));
    this.name = 'HttpProblem';
    this.status = status;
    this.title = title ?? statusTitle(status);
    this.detail = detail;
    this.type = type ?? 'about:blank';
    this.extensions = extensions ?? {};
  }
}
