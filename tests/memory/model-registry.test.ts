// The model registry on real folders: saving numbers versions, promotion and
// the rollback chain, leftovers of a killed write, writers racing for a
// version number (child processes), and files that are not what they should
// be: reported with a fixed code and left byte-identical.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ModelRegistry, modelRegistryPath, versionFileName, type NewModel } from "../../memory/model-registry.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

function tempRegistry(): ModelRegistry {
  return ModelRegistry.forProject(mkdtempSync(path.join(os.tmpdir(), "apc-models-")));
}

function errorOf(fn: () => unknown): { code?: string; message: string } | undefined {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  return undefined;
}

function codeOf(fn: () => unknown): string | undefined {
  const err = errorOf(fn);
  return err ? (err.code ?? `no code: ${err.message}`) : undefined;
}

const model = (over: Partial<NewModel> = {}): NewModel => ({
  parent: null,
  kind: "bayes-linear/1",
  trainedOn: 40,
  scores: { agreement: 0.8, regret: 0.12, meanReward: 1.7 },
  notes: "first fit",
  params: { weights: [0.5, -1.25, 3], bias: 0.1, features: ["loops", "share", "floats"] },
  ...over,
});

/** The folder's files, byte for byte. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(path.join(dir, n), "base64")]));
}

describe("model registry", () => {
  it("saves numbered versions under .apc/models and lists them without params", () => {
    const reg = tempRegistry();
    expect(reg.list()).toEqual([]);
    expect(reg.current()).toBeNull();
    const v1 = reg.save(model(), { promote: false });
    const v2 = reg.save(model({ parent: 1, trainedOn: 90, notes: "refit" }), { promote: true });
    expect(reg.dir).toBe(modelRegistryPath(path.dirname(path.dirname(reg.dir))));
    expect(v1).toMatchObject({ version: 1, parent: null, trainedOn: 40 });
    expect(v2).toMatchObject({ version: 2, parent: 1, notes: "refit" });
    expect(readdirSync(reg.dir).sort()).toEqual(["current.json", "v0001.json", "v0002.json"]);
    expect(JSON.parse(readFileSync(path.join(reg.dir, "v0002.json"), "utf8"))).toEqual(v2);
    expect(reg.get(1)).toEqual(v1);
    expect(reg.current()).toEqual(v2);
    const listed = reg.list();
    expect(listed.map((i) => [i.version, i.current])).toEqual([[1, false], [2, true]]);
    expect(listed[0]).not.toHaveProperty("params");
    expect(listed[0]).toMatchObject({ kind: "bayes-linear/1", trainedOn: 40, scores: { agreement: 0.8, regret: 0.12, meanReward: 1.7 }, createdAt: v1.createdAt });
    expect(new ModelRegistry(reg.dir).current()).toEqual(v2);
    expect(versionFileName(12345)).toBe("v12345.json");
  });

  it("refuses a malformed model or a missing parent, writing nothing", () => {
    const reg = tempRegistry();
    expect(codeOf(() => reg.save(model({ kind: "" }), { promote: true }))).toBe("InvalidModel");
    expect(codeOf(() => reg.save(model({ scores: { regret: Number.NaN } }), { promote: true }))).toBe("InvalidModel");
    expect(codeOf(() => reg.save({ ...model(), wieghts: [1] } as NewModel, { promote: true }))).toBe("InvalidModel");
    expect(codeOf(() => reg.save(model({ parent: 7 }), { promote: true }))).toBe("ModelVersionNotFound");
    expect(codeOf(() => reg.get(1))).toBe("ModelVersionNotFound");
    expect(existsSync(reg.dir)).toBe(false);
  });

  it("promotes and rolls back along the promotion history", () => {
    const reg = tempRegistry();
    for (let i = 1; i <= 5; i++) reg.save(model({ notes: `m${i}` }), { promote: i <= 3 });
    expect(reg.current()!.version).toBe(3);
    expect(reg.history()).toEqual([1, 2]);
    reg.promote(5);
    reg.promote(5); // already current: no new history entry
    expect(reg.history()).toEqual([1, 2, 3]);
    expect(reg.rollback().version).toBe(3);
    expect(reg.current()!.notes).toBe("m3");
    expect(reg.history()).toEqual([1, 2]);
    reg.promote(4);
    expect(reg.history()).toEqual([1, 2, 3]);
    expect(reg.rollback(1).version).toBe(1);
    expect(reg.history()).toEqual([]);
    expect(reg.list().filter((i) => i.current).map((i) => i.version)).toEqual([1]);
    expect(codeOf(() => reg.rollback())).toBe("NothingToRollBack");
    reg.promote(2);
    expect(codeOf(() => reg.rollback(4))).toBe("NothingToRollBack"); // never current before 2
    expect(codeOf(() => reg.rollback(9))).toBe("ModelVersionNotFound");
    expect(codeOf(() => reg.promote(9))).toBe("ModelVersionNotFound");
    expect(reg.current()!.version).toBe(2);
    expect(reg.list().map((i) => i.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it("has nothing to roll back to before any promotion", () => {
    const reg = tempRegistry();
    expect(codeOf(() => reg.rollback())).toBe("NothingToRollBack");
    reg.save(model(), { promote: false });
    expect(codeOf(() => reg.rollback())).toBe("NothingToRollBack");
    reg.promote(1);
    expect(codeOf(() => reg.rollback())).toBe("NothingToRollBack");
    expect(reg.current()!.version).toBe(1);
  });

  it("ignores the leftovers of a killed write and leaves no temporary file of its own", () => {
    const reg = tempRegistry();
    reg.save(model(), { promote: true });
    const half = '{"version": 2, "createdAt": "2025-01-01T00:00:00.000Z", "parent": null, "kind": "bayes-lin';
    writeFileSync(path.join(reg.dir, ".v0002.json.tmp-99999-0badf00d"), half);
    writeFileSync(path.join(reg.dir, ".current.json.tmp-99999-0badf00d"), '{"version": 2, "hist');
    writeFileSync(path.join(reg.dir, "v2.json"), "not ours");
    expect(reg.list().map((i) => i.version)).toEqual([1]);
    expect(reg.current()!.version).toBe(1);
    const v2 = reg.save(model({ notes: "after the crash" }), { promote: true });
    expect(v2.version).toBe(2);
    expect(reg.current()).toEqual(v2);
    expect(readdirSync(reg.dir).sort()).toEqual([".current.json.tmp-99999-0badf00d", ".v0002.json.tmp-99999-0badf00d", "current.json", "v0001.json", "v0002.json", "v2.json"]);
    expect(readFileSync(path.join(reg.dir, ".v0002.json.tmp-99999-0badf00d"), "utf8")).toBe(half);
  });

  it("gives writers racing for version numbers one number each, never overwriting", async () => {
    const reg = tempRegistry();
    mkdirSync(reg.dir, { recursive: true });
    const go = path.join(path.dirname(reg.dir), "go");
    const mod = pathToFileURL(path.join(ROOT, "memory", "model-registry.ts")).href;
    const writers = 3;
    const each = 15;
    const script = path.join(path.dirname(reg.dir), "writer.ts");
    writeFileSync(
      script,
      `import { existsSync } from "node:fs";
       import { ModelRegistry } from ${JSON.stringify(mod)};
       const [dir, go, name, n] = process.argv.slice(2);
       const reg = new ModelRegistry(dir);
       while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
       for (let j = 0; j < Number(n); j++) reg.save({ parent: null, kind: "race/1", trainedOn: j, scores: {}, notes: name + "-" + j, params: { by: name } }, { promote: j % 5 === 0 });
       `,
    );
    const children = Array.from({ length: writers }, (_, i) =>
      spawn(process.execPath, ["--import", "jiti/register", script, reg.dir, go, `w${i}`, String(each)], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] }),
    );
    const exits = children.map((c) => new Promise<number | null>((resolve) => c.on("exit", resolve)));
    writeFileSync(go, "");
    expect(await Promise.all(exits)).toEqual(Array(writers).fill(0));
    const saved = reg.list();
    expect(saved.map((i) => i.version)).toEqual(Array.from({ length: writers * each }, (_, i) => i + 1));
    const notes = saved.map((i) => i.notes).sort();
    const expected = Array.from({ length: writers }, (_, i) => Array.from({ length: each }, (_, j) => `w${i}-${j}`)).flat().sort();
    expect(notes).toEqual(expected);
    for (const i of saved) expect(reg.get(i.version).params).toEqual({ by: i.notes.split("-")[0] });
    expect(readdirSync(reg.dir).filter((n) => n.startsWith("."))).toEqual([]);
    expect(saved.filter((i) => i.current)).toHaveLength(1);
  });

  it("reports a corrupt version file and never writes over it", () => {
    const reg = tempRegistry();
    reg.save(model(), { promote: true });
    reg.save(model(), { promote: false });
    const file = path.join(reg.dir, "v0002.json");
    const bads = ['{"version": 2, "kind": ', JSON.stringify({ ...reg.get(1), version: 2, trainedOn: -1 }), JSON.stringify({ ...reg.get(1), version: 3 })];
    for (const bad of bads) {
      writeFileSync(file, bad);
      const before = snapshot(reg.dir);
      expect(codeOf(() => reg.get(2))).toBe("ModelRegistryCorrupt");
      expect(errorOf(() => reg.get(2))!.message).toContain(file);
      expect(codeOf(() => reg.list())).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.promote(2))).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.save(model({ parent: 2 }), { promote: true }))).toBe("ModelRegistryCorrupt");
      expect(snapshot(reg.dir)).toEqual(before);
      expect(reg.current()!.version).toBe(1);
    }
    // A new version goes beside it, not over it.
    expect(reg.save(model(), { promote: false }).version).toBe(3);
    expect(readFileSync(file, "utf8")).toBe(bads.at(-1));
  });

  it("reports a corrupt or dangling pointer and never writes over it", () => {
    const reg = tempRegistry();
    reg.save(model(), { promote: true });
    reg.save(model(), { promote: false });
    const pointer = path.join(reg.dir, "current.json");
    const bads = ["", "{not json", JSON.stringify({ version: "1", history: [] }), JSON.stringify({ version: 7, history: [], updatedAt: new Date().toISOString() })];
    for (const bad of bads) {
      writeFileSync(pointer, bad);
      const before = snapshot(reg.dir);
      expect(codeOf(() => reg.current())).toBe("ModelRegistryCorrupt");
      expect(errorOf(() => reg.current())!.message).toContain(pointer);
      expect(codeOf(() => reg.history())).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.list())).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.promote(2))).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.rollback())).toBe("ModelRegistryCorrupt");
      expect(codeOf(() => reg.save(model(), { promote: true }))).toBe("ModelRegistryCorrupt");
      expect(snapshot(reg.dir)).toEqual(before);
    }
    // Saving without promoting does not touch the pointer, so it still works.
    expect(reg.save(model(), { promote: false }).version).toBe(3);
    expect(readFileSync(pointer, "utf8")).toBe(bads.at(-1));
  });
});
