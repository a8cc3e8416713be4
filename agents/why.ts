// `apc why FUNC`: the answer from recorded evidence, no LLM. The function's
// latest verdict (compiled or not, at which tier), every reason code with its
// line, the measured numbers, what would change the decision, and the
// records it rests on (cited as [rec:ID]). apc chat answers the same way.

import type { DecisionLog, Verdict } from "../memory/decision-log.js";

export interface WhyAnswer {
  readonly found: boolean;
  readonly text: string;
  readonly citations: string[];
}

const num = (v: number | null | undefined, f: (x: number) => string) => (v === null || v === undefined ? null : f(v));

export function explainFunction(log: DecisionLog, ref: string): WhyAnswer {
  const v = log.verdict(ref);
  if (v.kind === "none") {
    const known = log.verdicts().map((x) => x.qualname);
    return { found: false, text: `No verdict is recorded for '${ref}'. ${known.length ? `Functions with verdicts: ${[...new Set(known)].slice(0, 12).join(", ")}.` : "Run `apc agent optimize` on the project first."}`, citations: [] };
  }
  if (v.kind === "ambiguous") return { found: false, text: `'${ref}' names several functions: ${v.matches.map((m) => m.functionKey).join(", ")}. Ask for one of them (file.py:name).`, citations: [] };
  return describe(log, v.verdict);
}

function describe(log: DecisionLog, v: Verdict): WhyAnswer {
  const lines: string[] = [];
  const n = v.numbers;
  const share = num(n.share, (x) => `${(x * 100).toFixed(1)}% of the Python run`);
  const speed = num(n.speedup, (x) => `${x.toFixed(2)}x faster on its real calls${n.speedupLow !== null && n.speedupLow !== undefined && Number.isFinite(n.speedupLow) ? ` (95% interval ${n.speedupLow.toFixed(2)}-${(n.speedupHigh ?? NaN).toFixed(2)}x)` : ""}`);
  const head: Record<Verdict["status"], string> = {
    compiled: `${v.functionKey} was compiled (tier ${v.tier}) and runs natively`,
    callee: `${v.functionKey} was compiled into its native callers`,
    rejected: `${v.functionKey} compiled, but was measured out and stays in Python`,
    "not-compiled": `${v.functionKey} was not compiled: apc cannot compile it as written`,
    python: `${v.functionKey} was left in Python on purpose`,
  };
  lines.push(`${head[v.status]}.`);
  const facts = [share, speed, num(n.calls, (x) => `${x} calls`), num(n.compileSeconds, (x) => `${x.toFixed(2)} s to compile`)].filter(Boolean);
  if (facts.length) lines.push(`Measured: ${facts.join(", ")}.`);
  if (v.reasons.length) {
    lines.push("Reasons:");
    for (const r of v.reasons) lines.push(`  - ${r.code}${r.line ? ` at line ${r.line}${r.col ? `:${r.col}` : ""}` : ""}: ${r.message}`);
  }
  if (v.whatWouldChange.length) {
    lines.push("What would change it:");
    for (const w of v.whatWouldChange) lines.push(`  - ${w}`);
  }
  const records = log.decisions({ functionKey: v.functionKey, limit: 12 }).filter((d) => d.runId === v.runId);
  const cited = [`rec:${v.decisionId}`, ...records.filter((d) => d.id !== v.decisionId).map((d) => `rec:${d.id}`)];
  const tier = records.filter((d) => d.kind === "tier").pop();
  if (tier) lines.push(`The strategist chose ${JSON.stringify(tier.choice)}: ${tier.reason} [rec:${tier.id}]`);
  const pipe = records.filter((d) => d.kind === "pipeline").pop();
  if (pipe) lines.push(`The optimizer: ${pipe.reason} [rec:${pipe.id}]`);
  lines.push(`Decided by agent run ${v.runId} at ${v.decidedAt} [rec:${v.decisionId}].`);
  return { found: true, text: lines.join("\n"), citations: [...new Set(cited)] };
}

/** Which function a free-form question is about (a name the log knows). */
export function functionInQuestion(log: DecisionLog, question: string): string | null {
  const names = log.verdicts();
  const words = question.match(/[A-Za-z_][A-Za-z0-9_./:]*/g) ?? [];
  for (const w of words) {
    const hit = names.find((v) => v.functionKey === w || v.qualname === w || `${v.file}:${v.qualname}`.endsWith(w));
    if (hit) return hit.functionKey;
  }
  return null;
}

/** The deterministic answers apc chat gives with no LLM configured. */
export function answerOffline(log: DecisionLog, question: string): WhyAnswer {
  const q = question.toLowerCase();
  const fn = functionInQuestion(log, question);
  if (fn) return explainFunction(log, fn);
  const verdicts = log.verdicts();
  if (/\b(what|which)\b.*\b(compiled|native)\b/.test(q) || /\blist\b/.test(q) || /\bsummary\b/.test(q)) {
    const compiled = verdicts.filter((v) => v.status === "compiled");
    const rest = verdicts.filter((v) => v.status !== "compiled");
    const text = [`Compiled (${compiled.length}): ${compiled.map((v) => `${v.functionKey} (${v.tier}${v.numbers.speedup ? `, ${v.numbers.speedup.toFixed(1)}x` : ""})`).join(", ") || "none"}.`, `Not compiled (${rest.length}): ${rest.map((v) => `${v.functionKey} (${v.reasons[0]?.code ?? v.status})`).join(", ") || "none"}.`].join("\n");
    return { found: true, text, citations: verdicts.map((v) => `rec:${v.decisionId}`) };
  }
  if (/\b(hot|slow|hottest|time)\b/.test(q)) {
    const top = [...verdicts].sort((a, b) => (b.numbers.share ?? 0) - (a.numbers.share ?? 0)).slice(0, 5);
    return { found: true, text: `By share of the Python run: ${top.map((v) => `${v.functionKey} ${((v.numbers.share ?? 0) * 100).toFixed(1)}%`).join(", ")}.`, citations: top.map((v) => `rec:${v.decisionId}`) };
  }
  return { found: false, text: "I answer from the decision log: ask why a function was or was not compiled (\"why wasn't tokenize compiled?\"), which functions were compiled, or which are hot.", citations: [] };
}
