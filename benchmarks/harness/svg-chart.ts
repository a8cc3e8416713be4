// Horizontal bar charts on a logarithmic axis as inline SVG text (no library, no
// external asset): one row per bar with its label, the bar, and its value; rows
// without a value show a status word instead. A `baseline` inside the domain
// (1x for speedups) makes bars grow left or right from it.

export interface Bar {
  readonly label: string;
  /** Null: no bar, `text` is shown as a status. */
  readonly value: number | null;
  readonly text: string;
  readonly color: string;
}

export interface ChartOptions {
  /** Axis tick labels. */
  readonly tick: (v: number) => string;
  /** Bars start here (default: the left end of the axis). */
  readonly baseline?: number;
  readonly width?: number;
  /** A short caption for screen readers. */
  readonly title: string;
}

const ROW = 22;
const LABEL_W = 96;
const VALUE_W = 150;
const AXIS_H = 26;
const TOP = 6;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Decade bounds covering every value (and the baseline). */
export function logDomain(values: readonly number[]): [number, number] {
  const v = values.filter((x) => x > 0 && Number.isFinite(x));
  if (v.length === 0) return [0.1, 10];
  let lo = 10 ** Math.floor(Math.log10(Math.min(...v)));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...v)));
  if (hi <= lo) hi = lo * 10;
  if (lo === hi / 10 && Math.min(...v) === lo) lo /= 10; // keep the smallest bar visible
  return [lo, hi];
}

export function logBarChart(bars: readonly Bar[], opts: ChartOptions): string {
  const width = opts.width ?? 720;
  const plotW = width - LABEL_W - VALUE_W;
  const values = bars.flatMap((b) => (b.value !== null ? [b.value] : []));
  const [lo, hi] = logDomain(opts.baseline !== undefined ? [...values, opts.baseline] : values);
  const x = (v: number) => LABEL_W + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const base = x(opts.baseline ?? lo);
  const height = TOP + bars.length * ROW + AXIS_H;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<title>${escapeXml(opts.title)}</title>`);
  // decade grid lines and tick labels
  const axisY = TOP + bars.length * ROW;
  for (let t = lo; t <= hi * 1.0001; t *= 10) {
    const tx = x(t).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${TOP}" x2="${tx}" y2="${axisY}" stroke="#ddd"/>`);
    parts.push(`<text x="${tx}" y="${axisY + 16}" text-anchor="middle" fill="#555">${escapeXml(opts.tick(t))}</text>`);
  }
  parts.push(`<line x1="${LABEL_W}" y1="${axisY}" x2="${LABEL_W + plotW}" y2="${axisY}" stroke="#999"/>`);
  bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" fill="#222">${escapeXml(b.label)}</text>`);
    if (b.value === null || !(b.value > 0)) {
      parts.push(`<text x="${LABEL_W + 4}" y="${y + 15}" fill="#a33" font-style="italic">${escapeXml(b.text)}</text>`);
      return;
    }
    const end = x(b.value);
    const left = Math.min(base, end);
    const w = Math.max(1, Math.abs(end - base));
    parts.push(`<rect x="${left.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${b.color}"><title>${escapeXml(`${b.label}: ${b.text}`)}</title></rect>`);
    parts.push(`<text x="${(Math.max(base, end) + 6).toFixed(1)}" y="${y + 15}" fill="#222">${escapeXml(b.text)}</text>`);
  });
  if (opts.baseline !== undefined) {
    parts.push(`<line x1="${base.toFixed(1)}" y1="${TOP - 2}" x2="${base.toFixed(1)}" y2="${axisY}" stroke="#333" stroke-dasharray="3 2"/>`);
  }
  parts.push("</svg>");
  return parts.join("\n");
}
