import { type ProgressStream, progressLine } from '@dunning/service-runtime/progress-line';

export interface ProgressSnapshot {
  /** Data lines handled by this run (imported, already present or rejected). */
  lines: number;
  imported: number;
  rejected: number;
  bytesRead: number;
}

const count = new Intl.NumberFormat('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
}

/** What an import has done so far: share of the file read, lines/s, and the time left (from the bytes still to read). */
export function importProgressText(
  snapshot: ProgressSnapshot,
  totalBytes: number,
  seconds: number,
  final: boolean,
) {
  const share = totalBytes === 0 ? 1 : Math.min(1, snapshot.bytesRead / totalBytes);
  const rate = seconds > 0 ? snapshot.lines / seconds : 0;
  const eta = share > 0 ? (seconds / share) * (1 - share) : Number.POSITIVE_INFINITY;
  const width = 24;
  const filled = Math.round(share * width);
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}% ` +
    `${count.format(snapshot.lines)} lines (${count.format(snapshot.imported)} imported, ` +
    `${count.format(snapshot.rejected)} rejected) ${count.format(Math.round(rate))} lines/s ` +
    (final ? `in ${duration(seconds)}` : `ETA ${duration(eta)}`)
  );
}

/**
 * An import's progress on the shared progress line: rewritten in place on a terminal, a line every
 * five seconds when the stream is a file.
 */
export function importProgress(stream: ProgressStream, totalBytes: number) {
  const line = progressLine({ stream, fileEveryMs: 5000 });
  const startedAt = performance.now();
  return (snapshot: ProgressSnapshot, final: boolean) => {
    const text = importProgressText(snapshot, totalBytes, (performance.now() - startedAt) / 1000, final);
    if (final) line.done(text);
    else line.update(text);
  };
}
