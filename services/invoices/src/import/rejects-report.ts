import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { listRejects } from '../db/import-checkpoints.queries.ts';

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes every rejected line of the file (all runs, from the database, so a crash never loses or
 * repeats one) as CSV: line,invoiceId,reason, ordered by line.
 */
export async function writeRejectsReport(pool: pg.Pool, fileSha256: string, path: string): Promise<number> {
  const rejects = await listRejects(pool, fileSha256);
  const out = createWriteStream(path);
  out.write('line,invoiceId,reason\n');
  for (const reject of rejects) {
    const line = `${reject.line},${csvField(reject.invoiceId ?? '')},${csvField(reject.reason)}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return rejects.length;
}
