import { createLogger, type Logger, type LogLevel } from '@dunning/service-runtime';

/** Every line the services log, kept in memory; the loggers are the production ones (redaction). */
export interface LogCapture {
  lines: string[];
  logger(name: string): Logger;
  /** The captured lines that contain `value`, case-insensitively. */
  linesWith(value: string): string[];
}

export function captureLogs(level: LogLevel = 'debug'): LogCapture {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  return {
    lines,
    logger: (name) => createLogger({ name, level, destination }),
    linesWith: (value) => lines.filter((line) => line.toLowerCase().includes(value.toLowerCase())),
  };
}
