// `apc traces export --json`: the training-data format of
// profiler/training-export.ts, checked key by key (no missing and no extra
// keys) on the export of real profiles, through the function and the CLI.
//
// The format, as the shape checked below:
//   { format: "apc-traces-export/1", store: string,
//     runs: [{ id, command: string[], entry, interpreter, pythonVersion: string|null,
//              mode: "sample"|"trace", startedAt: ISO string, durationSeconds,
//              exitStatus: number|null, timedOut: boolean, complete: boolean }],
//     functions: [{ module, qualname, file, line, endLine, sourceHash (16 hex),
//                   params: string[],
//                   runs: [{ run, calls, selfSeconds, totalSeconds }],
//                   traces: [{ run, argTypes: string[], returnType, calls,
//                              totalSeconds, secondsPerCall }] }] }

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openTraceStore } from "../../memory/trace-store.js";
import { profileProgram } from "../../profiler/profile.js";
import { EXPORT_FORMAT, exportTraces, type TracesExport } from "../../profiler/training-export.js";
import { fixtureProject, PYTHON } from "./fixtures/projects.js";

type Shape = "string" | "number" | "boolean" | "string|null" | "number|null" | "iso-date" | "hex16" | readonly [Shape] | { readonly [key: string]: Shape } | { readonly oneOf: readonly string[] };

const TRACE: Shape = { run: "number", argTypes: ["string"], returnType: "string", calls: "number", totalSeconds: "number", secondsPerCall: "number" };
const EXPORT_SHAPE: Shape = {
  format: { oneOf: [EXPORT_FORMAT] },
  store: "string",
  runs: [
    {
      id: "number",
      command: ["string"],
      entry: "string",
      interpreter: "string",
      pythonVersion: "string|null",
      mode: { oneOf: ["sample", "trace"] },
      startedAt: "iso-date",
      durationSeconds: "number",
      exitStatus: "number|null",
      timedOut: "boolean",
      complete: "boolean",
    },
  ],
  functions: [
    {
      module: "string",
      qualname: "string",
      file: "string",
      line: "number",
      endLine: "number",
      sourceHash: "hex16",
      params: ["string"],
      runs: [{ run: "number", calls: "number", selfSeconds: "number", totalSeconds: "number" }],
      traces: [TRACE],
    },
  ],
};

/** Problems of `value` against `shape`, as "path: what" lines. */
function check(value: unknown, shape: Shape, at = "$"): string[] {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${at}: not a list`];
    return value.flatMap((v, i) => check(v, shape[0] as Shape, `${at}[${i}]`));
  }
  if (typeof shape === "object") {
    if ("oneOf" in shape) {
      const allowed = shape.oneOf as readonly string[];
      return allowed.includes(value as string) ? [] : [`${at}: ${JSON.stringify(value)} not one of ${allowed.join(", ")}`];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at}: not an object`];
    const obj = value as Record<string, unknown>;
    const fields = shape as Record<string, Shape>;
    const extra = Object.keys(obj).filter((k) => !(k in fields)).map((k) => `${at}.${k}: not in the format`);
    return [...extra, ...Object.entries(fields).flatMap(([k, s]) => (k in obj ? check(obj[k], s, `${at}.${k}`) : [`${at}.${k}: missing`]))];
  }
  const ok = (() => {
    switch (shape) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "boolean":
        return typeof value === "boolean";
      case "string|null":
        return value === null || typeof value === "string";
      case "number|null":
        return value === null || typeof value === "number";
      case "iso-date":
        return typeof value === "string" && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
      case "hex16":
        return typeof value === "string" && /^[0-9a-f]{16}$/.test(value);
    }
  })();
  return ok ? [] : [`${at}: ${JSON.stringify(value)} is not ${shape}`];
}

const APC = path.join(import.meta.dirname, "..", "..", "bin", "apc.js");
let dir: string;
let exported: TracesExport;

beforeAll(async () => {
  dir = fixtureProject("types");
  await profileProgram({ path: dir, python: PYTHON, stdio: "pipe", mode: "trace" });
  await profileProgram({ path: dir, python: PYTHON, stdio: "pipe", mode: "sample" });
  const store = openTraceStore(dir);
  try {
    exported = exportTraces(store);
  } finally {
    store.close();
  }
});

describe("traces export", () => {
  it("matches the documented format exactly", () => {
    expect(check(exported, EXPORT_SHAPE)).toEqual([]);
    expect(check({ ...exported, extra: 1 }, EXPORT_SHAPE)).toEqual(["$.extra: not in the format"]);
  });

  it("holds each function's traces with types, calls and time per call", () => {
    const f = exported.functions.find((x) => x.qualname === "f")!;
    expect(f).toMatchObject({ module: "__main__", file: "main.py", line: 14, params: ["a", "b"] });
    expect(f.traces.map((t) => [t.argTypes, t.returnType, t.calls])).toEqual([
      [["str", "list[float]"], "str", 2],
      [["int", "float"], "int", 1],
    ]);
    for (const t of f.traces) expect(t.secondsPerCall).toBeCloseTo(t.totalSeconds / t.calls, 12);
    // Only the trace-mode run observed types; the sample run is not listed.
    expect(exported.runs.map((r) => r.mode)).toEqual(["trace"]);
    expect(new Set(exported.functions.flatMap((x) => x.traces.map((t) => t.run)))).toEqual(new Set([exported.runs[0]!.id]));
  });

  it("is what `apc traces export --json FILE` writes", () => {
    const file = path.join(dir, "export.json");
    const r = spawnSync(process.execPath, [APC, "traces", "export", "--json", file, "--project", dir], { encoding: "utf8" });
    expect(r.stderr).toContain(`wrote ${file}`);
    expect(r.status).toBe(0);
    const fromCli = JSON.parse(readFileSync(file, "utf8")) as TracesExport;
    expect(check(fromCli, EXPORT_SHAPE)).toEqual([]);
    expect(fromCli).toEqual(exported);
    const toStdout = spawnSync(process.execPath, [APC, "traces", "export", "--json"], { encoding: "utf8", cwd: dir });
    expect(JSON.parse(toStdout.stdout)).toEqual(exported);
  });
});
