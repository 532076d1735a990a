import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

const personalDataKeys = ['email', 'phone', 'address', 'postalCode', 'line1', 'line2'];
const secretHeaders = ['authorization', 'cookie', '["set-cookie"]', '["x-api-key"]'];

// pino has no recursive wildcard, so spell out each depth we expect payloads to nest to.
const depthPrefixes = ['', '*.', '*.*.', '*.*.*.'];

export const redactedPaths: readonly string[] = [
  ...depthPrefixes.flatMap((prefix) => personalDataKeys.map((key) => `${prefix}${key}`)),
  // PostgreSQL's error detail quotes the row or key values at fault ("Failing row contains (...)"),
  // and its context the data being read ("JSON data, line 1: ...").
  ...['detail', 'where'].flatMap((field) => [`err.${field}`, `err.cause.${field}`, `*.err.${field}`]),
  ...['req.headers', 'res.headers', 'headers', '*.headers'].flatMap((parent) =>
    secretHeaders.map((header) => (header.startsWith('[') ? `${parent}${header}` : `${parent}.${header}`)),
  ),
];

/**
 * PostgreSQL's data errors (SQLSTATE class 22) quote the offending input in their message, e.g.
 * `invalid input syntax for type numeric: "…"`, or show its bytes (`invalid byte sequence for encoding
 * "UTF8": 0xe2 0x82`). The message stays, the value does not.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return serialized;
  const withoutValues = (text: unknown) =>
    typeof text === 'string'
      ? text
          .replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"')
          .replace(/\b0x[0-9a-f]{2}(?: 0x[0-9a-f]{2})*/gi, '[redacted]')
      : text;
  return {
    ...serialized,
    message: withoutValues(serialized.message),
    stack: withoutValues(serialized.stack),
  };
}

export type CreateLoggerOptions = {
  name: string;
  level: LogLevel;
  /** Defaults to stdout; tests pass a stream to inspect output. */
  destination?: DestinationStream;
};

/** A pino logger that censors personal data (email, phone, address parts) and credentials. */
export function createLogger({ name, level, destination }: CreateLoggerOptions): Logger {
  const options = {
    name,
    level,
    redact: { paths: [...redactedPaths], censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
