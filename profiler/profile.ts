// `apc profile` as a function: choose the entry, open the project's trace
// store (before running anything, so a corrupt store costs no run), run the
// program under the helper, add the run to the store, read it back, analyse
// it, write the flame graph to <project>/.apc/reports/flame-<run>.svg and
// format the report. The CLI (cli/profile.ts), tests and agents call this.
// Does not own any step's details: entry.ts, run-helper.ts,
// helper-output.ts, memory/trace-store.ts, analysis.ts, flamegraph.ts,
// report-text.ts.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openTraceStore, type ProfileMode, type StoredRun, type TraceStore } from "../memory/trace-store.js";
import { analyseRun, type ProfileAnalysis } from "./analysis.js";
import { chooseEntry, type EntryChoice } from "./entry.js";
import { renderFlameGraph } from "./flamegraph.js";
import { toRunProfile } from "./helper-output.js";
import { formatProfileReport } from "./report-text.js";
import { runUnderHelper, type HelperRunResult, type SamplerKind } from "./run-helper.js";

export interface ProfileOptions {
  /** A project folder or a script. */
  readonly path: string;
  readonly entry?: string;
  readonly module?: string;
  /** The interpreter (default python3). */
  readonly python?: string;
  readonly mode?: ProfileMode;
  readonly timeoutS?: number;
  readonly args?: readonly string[];
  readonly graceS?: number;
  readonly intervalS?: number;
  readonly flushS?: number;
  readonly sampler?: SamplerKind;
  readonly stdio?: "inherit" | "pipe";
  readonly top?: number;
  /** Use this store instead of <project>/.apc/traces.db (left open). */
  readonly store?: TraceStore;
  /** Progress lines ("entry: ..."), e.g. to stderr. */
  readonly log?: (line: string) => void;
}

export interface ProfileOutcome {
  readonly runId: number;
  readonly entry: EntryChoice;
  readonly run: StoredRun;
  readonly analysis: ProfileAnalysis;
  /** Absolute path of the flame graph SVG. */
  readonly flamePath: string;
  readonly report: string;
  readonly helper: HelperRunResult;
  readonly storeLocation: string;
}

export async function profileProgram(opts: ProfileOptions): Promise<ProfileOutcome> {
  const log = opts.log ?? (() => {});
  const entry = chooseEntry(opts.path, { entry: opts.entry, module: opts.module });
  const mode = opts.mode ?? "sample";
  const python = opts.python ?? "python3";
  log(`apc profile: entry ${entry.reason}, in ${entry.project}, ${mode} mode, interpreter ${python}`);
  const store = opts.store ?? openTraceStore(entry.project);
  try {
    const helper = await runUnderHelper({
      python,
      project: entry.project,
      target: entry.target,
      args: opts.args ?? [],
      mode,
      timeoutS: opts.timeoutS,
      graceS: opts.graceS,
      intervalS: opts.intervalS,
      flushS: opts.flushS,
      sampler: opts.sampler,
      stdio: opts.stdio,
    });
    const programCommand = [python, ...(entry.target.kind === "script" ? [entry.label] : ["-m", entry.target.module]), ...(opts.args ?? [])];
    const profile = toRunProfile(helper.snapshot, {
      project: entry.project,
      command: programCommand,
      entry: entry.label,
      interpreter: python,
      mode,
      startedAt: helper.startedAt,
      wallS: helper.wallS,
      exitStatus: helper.exitCode,
      exitSignal: helper.signal,
      timedOut: helper.timedOut,
    });
    const runId = store.addRun(profile);
    const run = store.loadRun(runId);
    const analysis = analyseRun(run, opts.top ?? 10);
    const flamePath = path.join(entry.project, ".apc", "reports", `flame-${runId}.svg`);
    mkdirSync(path.dirname(flamePath), { recursive: true });
    writeFileSync(
      flamePath,
      renderFlameGraph(run, {
        title: `apc profile: ${entry.label} (run ${runId}, ${mode} mode)`,
        subtitle: `${run.run.startedAt}, ${run.run.durationS.toFixed(2)} s, ${analysis.sampleCount} samples, ${run.run.command.join(" ")}`,
      }),
    );
    const shownFlame = path.relative(process.cwd(), flamePath) || flamePath;
    const report = formatProfileReport(runId, run.run, analysis, shownFlame.startsWith("..") ? flamePath : shownFlame);
    return { runId, entry, run, analysis, flamePath, report, helper, storeLocation: store.location };
  } finally {
    if (!opts.store) store.close();
  }
}
