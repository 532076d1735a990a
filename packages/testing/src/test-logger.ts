import { pino } from 'pino';

/** Warnings and errors only, so a failing test's log shows what went wrong without the noise. */
export function testLogger(name: string): pino.Logger {
  return pino({ name, level: process.env.TEST_LOG_LEVEL ?? 'warn' });
}
