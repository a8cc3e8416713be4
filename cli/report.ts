// Human-readable compile reports: per-function status table and phase
// timings, for `apc build --report text` and `apc check --report text`.

import type { CompileResult } from "../compiler/driver.js";
import { PHASES } from "../compiler/driver.js";

export function formatReport(res: CompileResult): string {
  const rows = res.functions.map((f) => [
    f.name,
    String(f.line),
    f.signature ?? "-",
    f.status,
    f.reason ? `${f.reason.code} ${f.reason.message} (line ${f.reason.line})` : "",
  ]);
  const head = ["function", "line", "signature", "status", "reason"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  const t = PHASES.filter((p) => res.timings[p] !== undefined).map((p) => `${p} ${res.timings[p]!.toFixed(1)} ms`);
  if (t.length) out.push("", `timings: ${t.join(", ")}`);
  return `${out.join("\n")}\n`;
}
