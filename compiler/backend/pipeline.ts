// An apc pipeline: the `opt -passes=` text, optionally followed by options
// after `;`: the code generation target, `cpu=NAME` (what `-mcpu=` gives
// opt's cost models and llc), and `narrow=W`, int specialisation (below).
// One string, so a pipeline the optimizer learned for this machine travels
// through tiers, memory and reports as it was measured:
//   default<O3>
//   default<O3>,function(licm);cpu=native
//   default<O3>;narrow=31
// `native` is the host's CPU (LLVM's name for it), like gcc's -march=native:
// a build for it may not run on an older machine, which is why -O3 itself
// stays generic and the optimizer keeps a host pipeline only where it measured
// faster.
//
// `narrow=W`: every function with int parameters gets a second copy, entered
// when each int argument fits in W signed bits, where the optimiser knows
// that (and the bounds of each range() loop variable); overflow checks it can
// then prove never fire go away. Other arguments take the unchanged copy, so
// results and errors are the same either way. It doubles those functions'
// code, which is why it is an option the optimizer measures, not part of -O3.

export interface Pipeline {
  /** The `opt -passes=` text. */
  readonly passes: string;
  /** LLVM's CPU name for `-mcpu=`, or null for the generic x86-64 target. */
  readonly cpu: string | null;
  /** Int specialisation width (8..63 bits), or null for none. */
  readonly narrow: number | null;
}

/** A pipeline or CPU the user (or an agent) gave that apc cannot build with. */
export class PipelineError extends Error {
  override name = "PipelineError";
}

const CPU_NAME = /^[a-z0-9][a-z0-9._-]*$/;
export const NARROW_BITS = { min: 8, max: 63 } as const;

/** Split `passes[;cpu=NAME][;narrow=W]`; throws on anything else after a `;`. */
export function parsePipeline(spec: string): Pipeline {
  const [passes, ...options] = spec.split(";");
  let cpu: string | null = null;
  let narrow: number | null = null;
  for (const o of options) {
    const m = /^\s*(cpu|narrow)=(.*)$/.exec(o);
    const value = m?.[2]!.trim() ?? "";
    if (m?.[1] === "narrow") {
      const w = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(w >= NARROW_BITS.min && w <= NARROW_BITS.max)) throw new PipelineError(`pipeline "${spec}": narrow= takes a width in bits from ${NARROW_BITS.min} to ${NARROW_BITS.max}, not "${value}"`);
      narrow = w;
    } else if (m && CPU_NAME.test(value)) cpu = value;
    else throw new PipelineError(`pipeline "${spec}": after ";" apc expects cpu=NAME (e.g. cpu=native) or narrow=BITS (e.g. narrow=31), not "${o}"`);
  }
  if (!passes!.trim()) throw new PipelineError(`pipeline "${spec}": no opt passes before ";"`);
  return { passes: passes!.trim(), cpu, narrow };
}

export function formatPipeline(p: Pipeline): string {
  return [p.passes, ...(p.cpu ? [`cpu=${p.cpu}`] : []), ...(p.narrow !== null ? [`narrow=${p.narrow}`] : [])].join(";");
}

/** The same pipeline built for `cpu` (null: the generic target). */
export function withCpu(spec: string, cpu: string | null): string {
  return formatPipeline({ ...parsePipeline(spec), cpu });
}

/** The same pipeline with int specialisation at `bits` (null: none). */
export function withNarrow(spec: string, bits: number | null): string {
  return formatPipeline({ ...parsePipeline(spec), narrow: bits });
}
