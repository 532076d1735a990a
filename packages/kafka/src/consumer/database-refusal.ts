/**
 * PostgreSQL errors that the same event meets again however often it is retried: a value out of
 * range, malformed for its type, too long, or against a check or not-null constraint (SQLSTATE class
 * 22, 23502, 23514). Retrying such an event would hold its partition forever; it is dead-lettered
 * instead. The reason names the SQLSTATE only: PostgreSQL's message can quote the value itself.
 */
const REFUSALS: Record<string, string> = {
  '22001': 'a text longer than its column allows',
  '22003': 'a number out of its column range',
  '22007': 'an invalid date or time',
  '22008': 'a date or time out of range',
  '22012': 'a division by zero',
  '22P02': 'a value malformed for its type',
  '23502': 'a missing required value',
  '23514': 'a value against a check constraint',
};

export function databaseRefusal(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (!code.startsWith('22') && !(code in REFUSALS)) return undefined;
  return `the database refused it: ${REFUSALS[code] ?? 'invalid data'} (SQLSTATE ${code})`;
}
