import { createReadStream } from 'node:fs';
import { type CsvError, parse } from 'csv-parse';
import { columnPositions, type OpenItem, type RejectedLine, toOpenItem } from './open-item.ts';

/** Longest line accepted; anything longer is rejected rather than held in memory. */
const MAX_LINE_CHARS = 10_000;

export interface OpenItemsReader {
  /** Every data line after `afterLine`, in file order: a valid open item or a rejected line. */
  lines: AsyncGenerator<OpenItem | RejectedLine>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
}

/**
 * Streams an open-items CSV (header line first) through csv-parse: memory stays flat whatever the
 * file size. Lines the CSV parser cannot read (a stray quote, an overlong line) become rejected lines
 * instead of stopping the import.
 */
export function readOpenItems(file: string, afterLine: number): OpenItemsReader {
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  const unreadable: RejectedLine[] = [];
  const parser = source.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_LINE_CHARS,
      on_skip: (error: CsvError | undefined) => {
        const line = typeof error?.lines === 'number' ? error.lines : parser.info.lines;
        unreadable.push({
          line,
          invoiceId: undefined,
          reason: `unreadable CSV: ${error?.message ?? 'unknown'}`,
        });
        return undefined;
      },
    }),
  );
  source.on('error', (error) => parser.destroy(error));

  async function* lines(): AsyncGenerator<OpenItem | RejectedLine> {
    let positions: Map<string, number> | undefined;
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // The parser runs ahead of this loop: its skipped lines are reported in their place in the file.
      while (unreadable.length > 0 && (unreadable[0] as RejectedLine).line < info.lines) {
        const rejected = unreadable.shift() as RejectedLine;
        if (rejected.line > afterLine) yield rejected;
      }
      if (positions === undefined) {
        positions = columnPositions(record);
        continue;
      }
      if (info.lines <= afterLine) continue;
      yield toOpenItem(record, info.lines, positions);
    }
    for (const rejected of unreadable) if (rejected.line > afterLine) yield rejected;
    if (positions === undefined) throw new Error('the file has no header line');
  }

  return { lines: lines(), bytesRead: () => source.bytesRead };
}
