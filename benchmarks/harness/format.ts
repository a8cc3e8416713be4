// Number formatting shared by the reports: wall times with a unit chosen by size
// (ms below a second), speedups as "12.3x", memory in MB. One place, so the table,
// the HTML page and the progress lines agree.

export function formatSeconds(s: number | null): string {
  if (s === null) return "-";
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  const ms = s * 1000;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatRatio(x: number | null): string {
  if (x === null) return "-";
  if (x >= 100) return `${x.toFixed(0)}x`;
  if (x >= 10) return `${x.toFixed(1)}x`;
  return `${x.toFixed(2)}x`;
}

export function formatMegabytes(kb: number | null): string {
  if (kb === null) return "-";
  const mb = kb / 1024;
  return mb >= 100 ? `${mb.toFixed(0)} MB` : `${mb.toFixed(1)} MB`;
}
