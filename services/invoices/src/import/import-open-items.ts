import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeBatchToOutbox } from '@dunning/outbox';
import { withTransaction } from '@dunning/pg';
import type pg from 'pg';
import {
  advanceCheckpoint,
  finishCheckpoint,
  type ImportReject,
  insertRejects,
  lockCheckpoint,
  openCheckpoint,
} from '../db/import-checkpoints.queries.ts';
import { type ImportBatchContext, importBatch } from './import-batch.ts';
import type { ProgressSnapshot } from './import-progress.ts';
import type { OpenItem, RejectedLine } from './open-item.ts';
import { readOpenItems } from './open-items-reader.ts';
import { writeRejectsReport } from './rejects-report.ts';

export interface ImportOpenItemsOptions extends ImportBatchContext {
  file: string;
  pool: pg.Pool;
  batchSize: number;
  /** Where the rejected-lines report goes (CSV: line,invoiceId,reason). */
  rejectsPath: string;
  onProgress?: (snapshot: ProgressSnapshot, final: boolean) => void;
  /** Called after each batch committed (its number from 1 in this run); a throw stops the import there. */
  onBatchCommitted?: (batch: number, lastLine: number) => void | Promise<void>;
}

export interface ImportSummary {
  fileSha256: string;
  /** The line the run started after (0 for a fresh file; the checkpoint when resuming). */
  resumedAfterLine: number;
  /** Totals over every run of this file. */
  imported: number;
  alreadyPresent: number;
  rejected: number;
  lastLine: number;
  /** Data lines handled by this run, and how long it took. */
  linesThisRun: number;
  seconds: number;
  rejectsPath: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/**
 * Loads an open-items CSV into the ledger in batches. Each batch is one transaction holding its
 * invoices, their entries, their ledger.invoice.issued outbox rows, its rejected lines and the file's
 * checkpoint, so after a crash a rerun of the same file (same sha256) starts after the last batch that
 * committed, and every line is applied once.
 */
export async function importOpenItems(options: ImportOpenItemsOptions): Promise<ImportSummary> {
  const startedAt = performance.now();
  const fileSha256 = await sha256Of(options.file);
  const checkpoint = await openCheckpoint(options.pool, fileSha256, basename(options.file));
  const resumedAfterLine = Number(checkpoint.last_line);
  const run = { lines: 0, imported: 0, rejected: 0, batches: 0, lastLine: resumedAfterLine };
  const reader = readOpenItems(options.file, checkpoint.finished_at === null ? resumedAfterLine : Infinity);
  const snapshot = (): ProgressSnapshot => ({
    lines: run.lines,
    imported: run.imported,
    rejected: run.rejected,
    bytesRead: reader.bytesRead(),
  });

  async function commit(items: OpenItem[], rejects: ImportReject[], lastLine: number): Promise<void> {
    const outcome = await withTransaction(options.pool, async (tx) => {
      // Two runs of one file at once would both import the same lines: the lock turns that into an error.
      const committedLine = await lockCheckpoint(tx, fileSha256);
      if (committedLine !== run.lastLine) {
        throw new Error(
          `another import of this file moved its checkpoint to line ${committedLine}; stopping`,
        );
      }
      const result = await importBatch(tx, options, items);
      const allRejects = [...rejects, ...result.rejects];
      await insertRejects(tx, fileSha256, allRejects);
      await advanceCheckpoint(tx, fileSha256, {
        lastLine,
        imported: result.imported,
        alreadyPresent: result.alreadyPresent,
        rejected: allRejects.length,
      });
      await writeBatchToOutbox(tx, options.schema, result.messages);
      return { ...result, rejected: allRejects.length };
    });
    run.lines += items.length + rejects.length;
    run.imported += outcome.imported;
    run.rejected += outcome.rejected;
    run.lastLine = lastLine;
    run.batches++;
    options.onProgress?.(snapshot(), false);
    await options.onBatchCommitted?.(run.batches, lastLine);
  }

  // The next batch is read and checked while the previous one commits; commits stay one at a time.
  let committing: Promise<void> = Promise.resolve();
  let items: OpenItem[] = [];
  let rejects: RejectedLine[] = [];
  let lastLine = resumedAfterLine;
  const flush = async () => {
    const batch = { items, rejects, lastLine };
    items = [];
    rejects = [];
    await committing;
    committing = commit(batch.items, batch.rejects, batch.lastLine);
    // A failed commit must surface even if no further batch awaits it.
    committing.catch(() => {});
  };
  for await (const line of reader.lines) {
    if ('reason' in line) rejects.push(line);
    else items.push(line);
    lastLine = Math.max(lastLine, line.line);
    if (items.length + rejects.length >= options.batchSize) await flush();
  }
  if (items.length + rejects.length > 0) await flush();
  await committing;
  await finishCheckpoint(options.pool, fileSha256);
  options.onProgress?.(snapshot(), true);
  await writeRejectsReport(options.pool, fileSha256, options.rejectsPath);
  const totals = await openCheckpoint(options.pool, fileSha256, basename(options.file));
  return {
    fileSha256,
    resumedAfterLine,
    imported: Number(totals.imported),
    alreadyPresent: Number(totals.already_present),
    rejected: Number(totals.rejected),
    lastLine: Number(totals.last_line),
    linesThisRun: run.lines,
    seconds: (performance.now() - startedAt) / 1000,
    rejectsPath: options.rejectsPath,
  };
}

/** The file's size, for the progress line's share and ETA. */
export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
