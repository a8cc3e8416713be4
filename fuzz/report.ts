// What a fuzzing run found, counted and written down: the tally (programs,
// fully compiled, agreements, differences, crashes, refusal reasons by
// diagnostic code and message shape), the final table, the signature a
// failure keeps while it is minimised, and the files written for each
// difference or crash (seed-N.py, seed-N.txt).

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lastLine, type Judgement, type Outcome } from "./run.js";

/** A diagnostic message with its particulars blanked: names in quotes,
 *  numbers. "'n3' holds int and is now assigned float" -> "'_' holds int
 *  and is now assigned float". */
export function messageShape(message: string): string {
  return message
    .replace(/\/[^\s:'"]+/g, "PATH")
    .replace(/'[^']*'/g, "'_'")
    .replace(/"[^"]*"/g, '"_"')
    .replace(/\b\d+\b/g, "N");
}

function exceptionType(o: Outcome | null): string {
  if (!o) return "-";
  const m = /^(\w+(?:Error|Exception|Interrupt|Exit))\b/.exec(lastLine(o.stderr));
  return m ? m[1]! : o.status === 0 ? "ok" : `exit ${o.status}`;
}

/** What must stay the same while a failing program is minimised. */
export function signature(j: Judgement): string {
  if (j.verdict === "crash") return `crash ${messageShape(j.crash!.split("\n")[0]!)}`;
  if (j.verdict !== "differ") return j.verdict;
  const p = j.python;
  const a = j.apc!;
  return `differ stdout:${p.stdout !== a.stdout} status:${p.status !== a.status} stderr:${lastLine(p.stderr) !== lastLine(a.stderr)} python:${exceptionType(p)} apc:${exceptionType(a)}`;
}

export class Tally {
  programs = 0;
  compiled = 0;
  agree = 0;
  overflowAccepted = 0;
  differences = 0;
  crashes = 0;
  refused = 0;
  invalid = 0;
  readonly reasons = new Map<string, number>();
  readonly crashKinds = new Map<string, number>();
  readonly failingSeeds: { seed: number; verdict: string; signature: string }[] = [];
  private readonly started = Date.now();

  add(seed: number, j: Judgement): void {
    this.programs += 1;
    switch (j.verdict) {
      case "agree":
        this.compiled += 1;
        this.agree += 1;
        if (j.overflowAccepted) this.overflowAccepted += 1;
        break;
      case "differ":
        this.compiled += 1;
        this.differences += 1;
        this.failingSeeds.push({ seed, verdict: "differ", signature: signature(j) });
        break;
      case "crash": {
        this.crashes += 1;
        const kind = messageShape(j.crash!.split("\n")[0]!);
        this.crashKinds.set(kind, (this.crashKinds.get(kind) ?? 0) + 1);
        this.failingSeeds.push({ seed, verdict: "crash", signature: signature(j) });
        break;
      }
      case "refused": {
        this.refused += 1;
        const shapes = new Set(j.refusals.map((r) => `${r.code} ${messageShape(r.message)}`));
        for (const s of shapes) this.reasons.set(s, (this.reasons.get(s) ?? 0) + 1);
        break;
      }
      case "invalid":
        this.invalid += 1;
        break;
    }
  }

  rate(): number {
    return this.programs / Math.max(1e-3, (Date.now() - this.started) / 1000);
  }

  progressLine(total: number): string {
    const share = this.programs ? ((100 * this.compiled) / this.programs).toFixed(1) : "0.0";
    return `[${this.programs}/${total}] diffs ${this.differences}  crashes ${this.crashes}  refusals ${this.refused}  compiled ${share}%  ${this.rate().toFixed(2)}/s`;
  }

  table(topReasons = 15): string {
    const pct = (n: number) => `${((100 * n) / Math.max(1, this.programs)).toFixed(1)}%`;
    const rows: [string, string][] = [
      ["programs run", String(this.programs)],
      ["fully compiled (nothing refused)", `${this.compiled} (${pct(this.compiled)})`],
      ["agree with CPython", `${this.agree} (of which OverflowError accepted: ${this.overflowAccepted})`],
      ["differences", String(this.differences)],
      ["compiler crashes", String(this.crashes)],
      ["refused", `${this.refused} (${pct(this.refused)})`],
      ["not judged (CPython timed out)", String(this.invalid)],
      ["time", `${((Date.now() - this.started) / 1000).toFixed(0)} s (${this.rate().toFixed(2)} programs/s)`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
    if (this.crashKinds.size) {
      lines.push("", "crashes by kind:");
      for (const [k, n] of [...this.crashKinds].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${k}`);
    }
    if (this.reasons.size) {
      lines.push("", "top refusal reasons (programs refused for each):");
      for (const [k, n] of [...this.reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, topReasons)) lines.push(`  ${String(n).padStart(5)}  ${k}`);
    }
    if (this.failingSeeds.length) {
      lines.push("", "failing seeds:");
      for (const f of this.failingSeeds.sort((a, b) => a.seed - b.seed)) lines.push(`  seed ${f.seed}: ${f.signature}`);
    }
    return lines.join("\n");
  }
}

function describe(label: string, o: Outcome | null): string {
  if (!o) return `--- ${label}: not run\n`;
  return `--- ${label}: exit ${o.status}${o.timedOut ? " (timed out)" : ""}, last stderr line: ${lastLine(o.stderr) || "(none)"}\n${o.stdout}${o.stdout.endsWith("\n") || !o.stdout ? "" : "\n[no newline at end]\n"}`;
}

/** seed-N.py (the minimised program) and seed-N.txt (both outputs, the
 *  crash, the original program). */
export function writeFailure(outDir: string, seed: number, original: string, minimized: string, j: Judgement, tries: number): string {
  mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `seed-${seed}`);
  writeFileSync(`${base}.py`, minimized);
  const text = [
    `seed ${seed}: ${signature(j)}`,
    `minimised in ${tries} tries (${original.split("\n").length} -> ${minimized.split("\n").length} lines); outputs below are the minimised program's`,
    "",
    j.crash ? `--- crash:\n${j.crash}\n` : "",
    describe("CPython", j.python),
    describe("apc", j.apc),
    "--- original program:",
    original,
  ].join("\n");
  writeFileSync(`${base}.txt`, text);
  return base;
}
