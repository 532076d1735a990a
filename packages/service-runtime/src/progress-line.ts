/** Where a progress line is written: a terminal (isTTY) or a file or pipe. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLineOptions {
  /** Default process.stderr, so the line stays out of what a command prints for its caller. */
  stream?: ProgressStream;
  /** Shown before every line ("ingest: ..."). */
  label?: string;
  /** On a terminal, redraw at most this often (default 200 ms). */
  terminalEveryMs?: number;
  /** In a file or pipe, print a line at most this often, so a log stays readable (default 10 s). */
  fileEveryMs?: number;
  /** For tests. */
  now?: () => number;
}

export interface ProgressLine {
  /** The progress so far; drawn if the last drawing is old enough. */
  update(text: string): void;
  /** The last word, always written, ending the line. */
  done(text: string): void;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * One progress line for the command-line tools (imports, benchmarks, generators): rewritten in place
 * on a terminal, printed a line at a time, now and then, to a file.
 */
export function progressLine(options: ProgressLineOptions = {}): ProgressLine {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const everyMs = tty ? (options.terminalEveryMs ?? 200) : (options.fileEveryMs ?? 10_000);
  const now = options.now ?? Date.now;
  const prefix = options.label === undefined ? '' : `${options.label}: `;
  let lastDrawnAt: number | undefined;
  return {
    update(text) {
      const at = now();
      if (lastDrawnAt !== undefined && at - lastDrawnAt < everyMs) return;
      lastDrawnAt = at;
      stream.write(tty ? `${CLEAR_LINE}${prefix}${text}` : `${prefix}${text}\n`);
    },
    done(text) {
      lastDrawnAt = now();
      stream.write(`${tty ? CLEAR_LINE : ''}${prefix}${text}\n`);
    },
  };
}
