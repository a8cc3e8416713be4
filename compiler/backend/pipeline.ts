// An apc pipeline: the `opt -passes=` text, optionally followed by the code
// generation target, `;cpu=NAME` (what `-mcpu=` gives opt's cost models and
// llc). One string, so a pipeline the optimizer learned for this machine
// travels through tiers, memory and reports as it was measured:
//   default<O3>
//   default<O3>,function(licm);cpu=native
// `native` is the host's CPU (LLVM's name for it), like gcc's -march=native:
// a build for it may not run on an older machine, which is why -O3 itself
// stays generic and the optimizer keeps a host pipeline only where it measured
// faster.

export interface Pipeline {
  /** The `opt -passes=` text. */
  readonly passes: string;
  /** LLVM's CPU name for `-mcpu=`, or null for the generic x86-64 target. */
  readonly cpu: string | null;
}

/** A pipeline or CPU the user (or an agent) gave that apc cannot build with. */
export class PipelineError extends Error {
  override name = "PipelineError";
}

const CPU_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Split `passes[;cpu=NAME]`; throws on anything else after the `;`. */
export function parsePipeline(spec: string): Pipeline {
  const [passes, ...options] = spec.split(";");
  let cpu: string | null = null;
  for (const o of options) {
    const m = /^\s*cpu=(.*)$/.exec(o);
    const name = m?.[1]!.trim() ?? "";
    if (!m || !CPU_NAME.test(name)) throw new PipelineError(`pipeline "${spec}": after ";" apc expects cpu=NAME (e.g. cpu=native), not "${o}"`);
    cpu = name;
  }
  if (!passes!.trim()) throw new PipelineError(`pipeline "${spec}": no opt passes before ";"`);
  return { passes: passes!.trim(), cpu };
}

export function formatPipeline(p: Pipeline): string {
  return p.cpu ? `${p.passes};cpu=${p.cpu}` : p.passes;
}

/** The same pipeline built for `cpu` (null: the generic target). */
export function withCpu(spec: string, cpu: string | null): string {
  return formatPipeline({ ...parsePipeline(spec), cpu });
}
