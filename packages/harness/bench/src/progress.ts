/** Figures as the progress lines and reports show them. */
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
