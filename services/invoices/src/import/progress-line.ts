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

/**
 * One self-overwriting progress line on a terminal (a line every few seconds when stderr is a file):
 * share of the file read, lines/s and the time left, estimated from the bytes still to read.
 */
export class ProgressLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #totalBytes: number;
  readonly #startedAt = performance.now();
  readonly #intervalMs: number;
  #lastDrawnAt = 0;

  constructor(stream: NodeJS.WriteStream, totalBytes: number) {
    this.#stream = stream;
    this.#totalBytes = totalBytes;
    this.#intervalMs = stream.isTTY ? 200 : 5000;
  }

  update(snapshot: ProgressSnapshot, final = false): void {
    const now = performance.now();
    if (!final && now - this.#lastDrawnAt < this.#intervalMs) return;
    this.#lastDrawnAt = now;
    const seconds = (now - this.#startedAt) / 1000;
    const share = this.#totalBytes === 0 ? 1 : Math.min(1, snapshot.bytesRead / this.#totalBytes);
    const rate = seconds > 0 ? snapshot.lines / seconds : 0;
    const eta = share > 0 ? (seconds / share) * (1 - share) : Number.POSITIVE_INFINITY;
    const width = 24;
    const filled = Math.round(share * width);
    const text =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}% ` +
      `${count.format(snapshot.lines)} lines (${count.format(snapshot.imported)} imported, ` +
      `${count.format(snapshot.rejected)} rejected) ${count.format(Math.round(rate))} lines/s ` +
      (final ? `in ${duration(seconds)}` : `ETA ${duration(eta)}`);
    this.#stream.write(this.#stream.isTTY ? `\r${text}\u001b[K${final ? '\n' : ''}` : `${text}\n`);
  }
}
