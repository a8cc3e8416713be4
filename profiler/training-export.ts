// `apc traces export --json`: the trace store as training data. Owns the
// export format below (tests/profiler/export.test.ts checks a real export
// against it); the data comes from TraceStore.functionTraces().
//
// Format "apc-traces-export/1", one JSON document:
// {
//   "format": "apc-traces-export/1",
//   "store": string,                  // the traces.db it came from
//   "runs": [{                        // every run the functions below come from
//     "id": number, "command": string[], "entry": string, "interpreter": string,
//     "pythonVersion": string | null, "mode": "sample" | "trace",
//     "startedAt": string (ISO 8601), "durationSeconds": number,
//     "exitStatus": number | null, "timedOut": boolean, "complete": boolean
//   }],
//   "functions": [{                   // functions with at least one trace
//     "module": string,               // "__main__" for the entry script
//     "qualname": string,             // "f", "Class.method", "outer.<locals>.inner"
//     "file": string,                 // relative to the project when inside it
//     "line": number, "endLine": number,
//     "sourceHash": string,           // 16 hex digits of sha256 of its source lines
//     "params": string[],             // parameter names, in argTypes order
//     "runs": [{ "run": number, "calls": number, "selfSeconds": number, "totalSeconds": number }],
//     "traces": [{                    // one per run and observed signature
//       "run": number,
//       "argTypes": string[],         // e.g. ["int", "list[float]", "dict[str, int]"]
//       "returnType": string,         // a type, or "!raise" / "!ValueError" when the call raised
//       "calls": number,
//       "totalSeconds": number,       // inclusive time of those calls
//       "secondsPerCall": number      // totalSeconds / calls
//     }]
//   }]
// }
// Type names are those of profiler/python/apc_tracer/typenames.py.

import type { TraceStore } from "../memory/trace-store.js";

export const EXPORT_FORMAT = "apc-traces-export/1";

export interface ExportedTrace {
  readonly run: number;
  readonly argTypes: string[];
  readonly returnType: string;
  readonly calls: number;
  readonly totalSeconds: number;
  readonly secondsPerCall: number;
}

export interface ExportedFunction {
  readonly module: string;
  readonly qualname: string;
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly sourceHash: string;
  readonly params: string[];
  readonly runs: { readonly run: number; readonly calls: number; readonly selfSeconds: number; readonly totalSeconds: number }[];
  readonly traces: ExportedTrace[];
}

export interface ExportedRun {
  readonly id: number;
  readonly command: string[];
  readonly entry: string;
  readonly interpreter: string;
  readonly pythonVersion: string | null;
  readonly mode: "sample" | "trace";
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly exitStatus: number | null;
  readonly timedOut: boolean;
  readonly complete: boolean;
}

export interface TracesExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly store: string;
  readonly runs: ExportedRun[];
  readonly functions: ExportedFunction[];
}

export function exportTraces(store: TraceStore, query: { readonly runId?: number } = {}): TracesExport {
  const functions = store.functionTraces(query).map(
    (ft): ExportedFunction => ({
      module: ft.function.module,
      qualname: ft.function.qualname,
      file: ft.function.file,
      line: ft.function.line,
      endLine: ft.function.endLine,
      sourceHash: ft.function.sourceHash,
      params: [...ft.function.params],
      runs: ft.runs.map((r) => ({ run: r.runId, calls: r.calls, selfSeconds: r.selfS, totalSeconds: r.totalS })),
      traces: ft.traces.map((t) => ({
        run: t.runId,
        argTypes: t.argTypes,
        returnType: t.returnType,
        calls: t.calls,
        totalSeconds: t.totalS,
        secondsPerCall: t.calls > 0 ? t.totalS / t.calls : 0,
      })),
    }),
  );
  const used = new Set(functions.flatMap((f) => f.traces.map((t) => t.run)));
  const runs = store
    .runs()
    .filter((r) => used.has(r.id))
    .map(
      (r): ExportedRun => ({
        id: r.id,
        command: [...r.command],
        entry: r.entry,
        interpreter: r.interpreter,
        pythonVersion: r.pythonVersion,
        mode: r.mode,
        startedAt: r.startedAt,
        durationSeconds: r.durationS,
        exitStatus: r.exitStatus,
        timedOut: r.timedOut,
        complete: r.complete,
      }),
    );
  return { format: EXPORT_FORMAT, store: store.location, runs, functions };
}
