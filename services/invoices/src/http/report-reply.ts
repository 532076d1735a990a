import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CsvCell, toCsv } from '../reports/csv.ts';

export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/** `?format=csv` or `Accept: text/csv` (unless `?format=json`) asks for CSV. */
export function wantsCsv(request: FastifyRequest): boolean {
  const format = (request.query as { format?: string } | undefined)?.format;
  if (format !== undefined) return format === 'csv';
  return (request.headers.accept ?? '').includes('text/csv');
}

/**
 * A report as JSON (the view, checked by the route's response schema), or as a CSV download of the
 * same figures flattened into one row per line of the report.
 */
export function replyReport<View>(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  view: View,
  table: (view: View) => CsvTable,
): View | FastifyReply {
  if (!wantsCsv(request)) return view;
  const { header, rows } = table(view);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(header, rows));
}
