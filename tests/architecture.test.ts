// The layering rule of DESIGN.md, checked on the real import graph: the
// compiler is a deterministic toolchain that imports no agent, memory or LLM
// code, and the CLI is the only thing above it today.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm), ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

describe("layering", () => {
  const files = sources(path.join(ROOT, "compiler"));

  it("finds the compiler's sources", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("compiler/ imports no agents, tools, memory, cli or LLM library", () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of imports(f)) {
        const resolved = spec.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(f), spec)) : spec;
        if (/^(agents|tools|memory|cli)\//.test(resolved) || /langchain|openai|ollama|chromadb/.test(spec)) {
          bad.push(`${path.relative(ROOT, f)} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("hybrid/ (a deterministic toolbox the agents will call) imports no agents, tools or LLM library", () => {
    const bad = sources(path.join(ROOT, "hybrid")).flatMap((f) =>
      imports(f)
        .filter((spec) => {
          const resolved = spec.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(f), spec)) : spec;
          return /^(agents|tools|cli)\//.test(resolved) || /langchain|openai|ollama|chromadb/.test(spec);
        })
        .map((spec) => `${path.relative(ROOT, f)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it("compiler stages import only downward (frontend never imports ir or backend)", () => {
    const bad = files
      .filter((f) => f.includes(`${path.sep}frontend${path.sep}`))
      .flatMap((f) => imports(f).filter((s) => /\/(ir|backend|passes)\//.test(s) || s.includes("driver")).map((s) => `${path.relative(ROOT, f)} imports ${s}`));
    expect(bad).toEqual([]);
  });

  const resolvedImports = (dir: string) =>
    sources(path.join(ROOT, dir)).flatMap((f) =>
      imports(f).map((spec) => ({ file: path.relative(ROOT, f), spec, resolved: spec.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(f), spec)) : spec })),
    );

  it("agents/ call tools: they import no compiler, hybrid, profiler or benchmark code, and spawn no process", () => {
    const files = sources(path.join(ROOT, "agents"));
    expect(files.length).toBeGreaterThan(5);
    const bad = resolvedImports("agents")
      .filter((i) => /^(compiler|hybrid|profiler|benchmarks|cli)\//.test(i.resolved) || /^(node:)?child_process$|^execa$/.test(i.spec))
      .map((i) => `${i.file} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it("tools/ import no agent or LLM code (the same tools serve the CLI, the agents and tests)", () => {
    const bad = resolvedImports("tools")
      .filter((i) => /^(agents|cli)\//.test(i.resolved) || /openai|ollama/.test(i.spec))
      .map((i) => `${i.file} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it("memory/ imports no agents, tools, LLM library or compiler", () => {
    const bad = resolvedImports("memory")
      .filter((i) => /^(agents|tools|cli|compiler|hybrid)\//.test(i.resolved) || /langchain|openai|ollama/.test(i.spec))
      .map((i) => `${i.file} imports ${i.spec}`);
    expect(bad).toEqual([]);
  });
});
