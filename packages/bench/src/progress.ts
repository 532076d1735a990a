/**
 * One progress line on stderr: rewritten in place on a terminal, printed every ten seconds
 * otherwise (so a log file stays readable).
 */
export function progressLine(phase: string) {
  const tty = process.stderr.isTTY === true;
  let lastPrinted = 0;
  return {
    update(text: string) {
      if (tty) {
        process.stderr.write(`\r\x1b[2K${phase}: ${text}`);
      } else if (Date.now() - lastPrinted >= 10_000) {
        process.stderr.write(`${phase}: ${text}\n`);
        lastPrinted = Date.now();
      }
    },
    done(text: string) {
      process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${phase}: ${text}\n`);
    },
  };
}

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
