// The model registry: the versions of the agents' policy models, kept as
// files under <project>/.apc/models/ (or any folder given): one JSON file per
// version (v0001.json, v0002.json, ...: what it is, what it was trained on,
// how it scored, its parameters) and current.json, the pointer to the
// promoted version with the versions promoted before it (the rollback
// chain). Owns the file format (zod, checked on every read), numbering,
// promotion and rollback. Does not own training or scoring a model (agents/)
// nor what `params` means (opaque JSON, the model's own business).
//
// Writes are crash-safe and never overwrite: a version is written to a
// temporary file, fsynced, then hard-linked to its name, which fails if the
// name exists, so two writers racing for a number each get their own (the
// loser takes the next one); current.json is replaced by rename of a fsynced
// temporary file. A process killed midway leaves at most a temporary file
// (a dot-file, ignored), never a half-written version or pointer. A version
// saved with { promote: true } is written before the pointer moves: killed in
// between, the version exists unpromoted. A file that does not parse or has
// not the shape is reported as ModelRegistryCorrupt and left as it is. The
// pointer is last-writer-wins between concurrent promotions (each write
// whole); the version files are what must never collide.

import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const json = z.json();
export type Json = z.infer<typeof json>;

const newModelSchema = z.object({
  /** The version this one was trained from (fine-tuned, refit), or null. */
  parent: z.number().int().positive().nullable(),
  /** The model family and its format revision, e.g. "bayes-linear/1". */
  kind: z.string().min(1),
  /** How many outcomes it was trained on. */
  trainedOn: z.number().int().nonnegative(),
  /** e.g. agreement, regret, meanReward on held-out outcomes. */
  scores: z.record(z.string(), z.number()),
  notes: z.string(),
  /** The model's weights: opaque to the registry. */
  params: json,
});

// Saving is strict (a misspelt field is an error); reading ignores fields
// this apc does not know (a newer one may add some).
const saveSchema = newModelSchema.strict();
const modelVersionSchema = newModelSchema.extend({
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
});

const pointerSchema = z.object({
  version: z.number().int().positive(),
  /** Versions promoted before `version`, oldest first. */
  history: z.array(z.number().int().positive()),
  updatedAt: z.iso.datetime({ offset: true }),
});
type Pointer = z.infer<typeof pointerSchema>;

export type ModelVersion = z.infer<typeof modelVersionSchema>;
export type NewModel = z.input<typeof newModelSchema>;
export type ModelVersionInfo = Omit<ModelVersion, "params"> & { readonly current: boolean };

export class ModelRegistryCorrupt extends Error {
  readonly code = "ModelRegistryCorrupt";
  constructor(readonly file: string, detail: string) {
    super(`${file} is not a usable apc model file (${detail}); it was left untouched. Move it away or restore it.`);
  }
}

export class ModelVersionNotFound extends Error {
  readonly code = "ModelVersionNotFound";
  constructor(readonly dir: string, readonly version: number) {
    super(`no model version ${version} in ${dir}`);
  }
}

export class NothingToRollBack extends Error {
  readonly code = "NothingToRollBack";
  constructor(readonly dir: string, detail: string) {
    super(`cannot roll back the model in ${dir}: ${detail}`);
  }
}

export class InvalidModel extends Error {
  readonly code = "InvalidModel";
  constructor(detail: string) {
    super(`invalid model: ${detail}`);
  }
}

export function modelRegistryPath(projectDir: string): string {
  return path.join(projectDir, ".apc", "models");
}

const VERSION_FILE = /^v(\d{4,})\.json$/;
const POINTER_FILE = "current.json";

export function versionFileName(version: number): string {
  return `v${String(version).padStart(4, "0")}.json`;
}

export class ModelRegistry {
  /** `dir` is the models folder itself (see modelRegistryPath / forProject). */
  constructor(readonly dir: string) {}

  static forProject(projectDir: string): ModelRegistry {
    return new ModelRegistry(modelRegistryPath(projectDir));
  }

  /** Every version, without params, by version, the promoted one marked. */
  list(): ModelVersionInfo[] {
    const current = this.pointer()?.version ?? null;
    return this.versions().map((v) => {
      const { params: _params, ...info } = this.get(v);
      return { ...info, current: v === current };
    });
  }

  /** The promoted version, or null when none was promoted yet. */
  current(): ModelVersion | null {
    const p = this.pointer();
    return p ? this.get(p.version) : null;
  }

  /** Versions promoted before the current one, oldest first. */
  history(): number[] {
    return this.pointer()?.history ?? [];
  }

  get(version: number): ModelVersion {
    const file = path.join(this.dir, versionFileName(version));
    const text = readOrNull(file);
    if (text === null) throw new ModelVersionNotFound(this.dir, version);
    const model = parseFile(file, text, modelVersionSchema);
    if (model.version !== version) throw new ModelRegistryCorrupt(file, `it says it is version ${model.version}`);
    return model;
  }

  /** Store `model` as the next version (never over an existing one). */
  save(model: NewModel, opts: { readonly promote: boolean }): ModelVersion {
    const parsed = saveSchema.safeParse(model);
    if (!parsed.success) throw new InvalidModel(z.prettifyError(parsed.error));
    if (parsed.data.parent !== null) this.get(parsed.data.parent);
    if (opts.promote) this.pointer(); // a broken pointer stops the save before anything is written
    mkdirSync(this.dir, { recursive: true });
    const createdAt = new Date().toISOString();
    for (;;) {
      const version = (this.versions().at(-1) ?? 0) + 1;
      const saved: ModelVersion = { version, createdAt, ...parsed.data };
      const tmp = this.writeTemp(versionFileName(version), saved);
      try {
        linkSync(tmp, path.join(this.dir, versionFileName(version)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") continue; // another writer took it: try the next number
        throw err;
      } finally {
        unlinkSync(tmp);
      }
      syncDir(this.dir);
      if (opts.promote) this.promote(version);
      return saved;
    }
  }

  /** Make `version` current; the previous current one joins the history. */
  promote(version: number): ModelVersion {
    const model = this.get(version);
    const p = this.pointer();
    if (p?.version === version) return model;
    this.writePointer({ version, history: p ? [...p.history, p.version] : [], updatedAt: new Date().toISOString() });
    return model;
  }

  /** Go back to the version promoted before the current one, or to `to`,
   *  which must be in the history; later promotions leave the history. */
  rollback(to?: number): ModelVersion {
    const p = this.pointer();
    if (!p) throw new NothingToRollBack(this.dir, "no version was ever promoted");
    let at: number;
    if (to === undefined) {
      if (p.history.length === 0) throw new NothingToRollBack(this.dir, `${versionFileName(p.version)} is the first version promoted`);
      at = p.history.length - 1;
    } else {
      this.get(to);
      at = p.history.lastIndexOf(to);
      if (at < 0) throw new NothingToRollBack(this.dir, `version ${to} was not promoted before ${p.version}; promote it instead`);
    }
    const target = p.history[at]!;
    const model = this.get(target);
    this.writePointer({ version: target, history: p.history.slice(0, at), updatedAt: new Date().toISOString() });
    return model;
  }

  /** The version numbers present, ascending (temporary and foreign files ignored). */
  private versions(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    return names
      .map((n) => VERSION_FILE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null && versionFileName(Number(m[1])) === m[0])
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** current.json, which must name a version that exists. */
  private pointer(): Pointer | null {
    const file = path.join(this.dir, POINTER_FILE);
    const text = readOrNull(file);
    if (text === null) return null;
    const p = parseFile(file, text, pointerSchema);
    if (!existsSync(path.join(this.dir, versionFileName(p.version)))) throw new ModelRegistryCorrupt(file, `it points at ${versionFileName(p.version)}, which does not exist`);
    return p;
  }

  private writePointer(p: Pointer): void {
    const tmp = this.writeTemp(POINTER_FILE, p);
    try {
      renameSync(tmp, path.join(this.dir, POINTER_FILE));
    } catch (err) {
      unlinkSync(tmp);
      throw err;
    }
    syncDir(this.dir);
  }

  /** `value` as JSON in a new fsynced dot-file beside `name`; returns its path. */
  private writeTemp(name: string, value: unknown): string {
    const tmp = path.join(this.dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
    const fd = openSync(tmp, "wx", 0o644);
    try {
      writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return tmp;
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ModelRegistryCorrupt(file, `not JSON: ${(err as Error).message}`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new ModelRegistryCorrupt(file, z.prettifyError(r.error).replaceAll("\n", " "));
  return r.data;
}

/** Make a link or rename in `dir` durable (best effort where directories cannot be fsynced). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows): the data itself was fsynced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
