import { Resvg } from '@resvg/resvg-js';

/** One line: a value per second (null = no value that second, drawn as a gap). */
export interface Line {
  label: string;
  values: readonly (number | null)[];
}

export interface Panel {
  title: string;
  unit: string;
  lines: Line[];
  /** A horizontal line at the target, labelled. */
  target?: { value: number; label: string } | undefined;
}

const WIDTH = 1200;
const PANEL_HEIGHT = 250;
const MARGIN = { left: 80, right: 200, top: 34, bottom: 36 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round step giving about `count` ticks up to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

const formatTick = (value: number) =>
  Math.abs(value) >= 10_000 ? `${Math.round(value / 1000)}k` : String(Math.round(value * 100) / 100);

function panelSvg(panel: Panel, top: number): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const seconds = Math.max(2, ...panel.lines.map((l) => l.values.length));
  let max = panel.target?.value ?? 0;
  for (const line of panel.lines) for (const v of line.values) if (v !== null && v > max) max = v;
  const step = niceStep(max);
  const yMax = Math.max(step, Math.ceil(max / step) * step);
  const x = (second: number) => MARGIN.left + (second / (seconds - 1)) * plotWidth;
  const y = (value: number) => top + MARGIN.top + plotHeight - (value / yMax) * plotHeight;
  const parts: string[] = [
    `<text x="${MARGIN.left}" y="${top + 22}" font-size="15" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<text x="${MARGIN.left - 8}" y="${top + 22}" font-size="11" text-anchor="end" fill="#555">${escapeXml(panel.unit)}</text>`,
  ];
  for (let v = 0; v <= yMax + step / 2; v += step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end">${formatTick(v)}</text>`,
    );
  }
  const xStep = niceStep(seconds - 1, 10);
  for (let s = 0; s < seconds; s += xStep) {
    parts.push(
      `<text x="${x(s)}" y="${top + PANEL_HEIGHT - MARGIN.bottom + 16}" font-size="11" text-anchor="middle">${s}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth}" y="${top + PANEL_HEIGHT - 4}" font-size="11" text-anchor="end" fill="#555">seconds</text>`,
    `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  );
  if (panel.target) {
    const ty = y(panel.target.value);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${ty}" y2="${ty}" stroke="#000" stroke-dasharray="6 4"/>`,
      `<text x="${MARGIN.left + plotWidth - 4}" y="${ty - 4}" font-size="11" text-anchor="end">${escapeXml(panel.target.label)}</text>`,
    );
  }
  // Lines stay inside their plot, whatever a value does.
  const clip = `clip${top}`;
  parts.push(
    `<clipPath id="${clip}"><rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}"/></clipPath>`,
  );
  panel.lines.forEach((line, index) => {
    const color = COLORS[index % COLORS.length]!;
    const segments: string[] = [];
    let current = '';
    line.values.forEach((v, s) => {
      if (v === null || !Number.isFinite(v)) {
        if (current) segments.push(current);
        current = '';
        return;
      }
      current += `${current ? 'L' : 'M'}${x(s).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (current) segments.push(current);
    for (const d of segments) {
      // A lone value (one second between gaps) would be an invisible path: draw it as a dot.
      const dot = /^M([\d.-]+),([\d.-]+)$/.exec(d);
      parts.push(
        dot
          ? `<circle cx="${dot[1]}" cy="${dot[2]}" r="2.5" fill="${color}"/>`
          : `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6" clip-path="url(#${clip})"/>`,
      );
    }
    const ly = top + MARGIN.top + 8 + index * 18;
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 32}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${WIDTH - MARGIN.right + 38}" y="${ly + 4}" font-size="12">${escapeXml(line.label)}</text>`,
    );
  });
  return parts.join('\n');
}

/** Stacked line charts sharing one width, one panel per measure, as SVG. */
export function chartSvg(title: string, panels: Panel[]): string {
  const height = 40 + panels.length * PANEL_HEIGHT;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="${FONT}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="26" font-size="18" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>`,
    ...panels.map((panel, i) => panelSvg(panel, 40 + i * PANEL_HEIGHT)),
    '</svg>',
  ].join('\n');
}

/** PNG of an SVG (resvg: a Rust renderer shipped as prebuilt npm binaries; uses the system's fonts). */
export function svgToPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
}
