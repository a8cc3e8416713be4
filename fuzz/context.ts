// The state of one program's generation: the seeded random source, the
// variables in scope (with their one type, whether they may be reassigned,
// and whether a loop is iterating over them right now), the functions
// defined so far, and where generation stands (inside a function, a loop,
// how deep). Expressions and statements read and extend it; it decides
// nothing about what to generate.

import type { Prng } from "./prng.js";
import { sameTy, type Ty } from "./types.js";

export interface Variable {
  readonly name: string;
  readonly ty: Ty;
  /** Loop counters and loop targets: read, never reassigned. */
  readonly fixed: boolean;
}

export interface FunctionSig {
  readonly name: string;
  readonly params: readonly { name: string; ty: Ty; default: string | null }[];
  readonly ret: Ty;
  readonly annotated: boolean;
}

export class GenContext {
  private readonly blocks: Map<string, Variable>[] = [new Map()];
  private readonly frozen = new Map<string, number>();
  private counter = 0;
  readonly functions: FunctionSig[] = [];
  /** Functions nested in the function being generated. */
  localFunctions: FunctionSig[] = [];
  /** Set while a function body is generated. */
  inFunction: FunctionSig | null = null;
  /** Enclosing loops (0 at the top of a function or the module). */
  loopDepth = 0;
  /** Statement nesting, to bound the program's size. */
  blockDepth = 0;
  /** The program seeds and calls `random`. */
  usesRandom = false;
  /** Module variables a function may change through `global`. */
  readonly globals: Variable[] = [];
  /** Module constants (bound once, before the functions): read everywhere. */
  readonly constants: Variable[] = [];

  constructor(readonly rng: Prng) {}

  /** A new name, unique in the program, so no name ever changes type. */
  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  declare(name: string, ty: Ty, fixed = false): Variable {
    const v = { name, ty, fixed };
    this.blocks[this.blocks.length - 1]!.set(name, v);
    return v;
  }

  /** Run `body` in a nested block: names it declares are not seen after it
   *  (Python would see them, but they might be unbound there). */
  block<T>(body: () => T): T {
    this.blocks.push(new Map());
    this.blockDepth += 1;
    try {
      return body();
    } finally {
      this.blocks.pop();
      this.blockDepth -= 1;
    }
  }

  /** A fresh scope for a function body (module variables are not seen). */
  functionScope<T>(sig: FunctionSig, body: () => T): T {
    const saved = this.blocks.splice(0, this.blocks.length, new Map());
    const savedLoop = this.loopDepth;
    const savedDepth = this.blockDepth;
    this.inFunction = sig;
    this.localFunctions = [];
    this.loopDepth = 0;
    this.blockDepth = 0;
    try {
      return body();
    } finally {
      this.blocks.splice(0, this.blocks.length, ...saved);
      this.inFunction = null;
      this.localFunctions = [];
      this.loopDepth = savedLoop;
      this.blockDepth = savedDepth;
    }
  }

  /** Run `body` seeing no variable at all (a lambda: apc compiles no
   *  closures). */
  isolated<T>(body: () => T): T {
    const saved = this.blocks.splice(0, this.blocks.length, new Map());
    const savedLocal = this.localFunctions;
    this.localFunctions = [];
    try {
      return body();
    } finally {
      this.blocks.splice(0, this.blocks.length, ...saved);
      this.localFunctions = savedLocal;
    }
  }

  /** Mark a container as being iterated while `body` runs: statements must
   *  not change its size. */
  iterating<T>(name: string | null, body: () => T): T {
    if (name) this.frozen.set(name, (this.frozen.get(name) ?? 0) + 1);
    this.loopDepth += 1;
    try {
      return body();
    } finally {
      this.loopDepth -= 1;
      if (name) this.frozen.set(name, this.frozen.get(name)! - 1);
    }
  }

  variables(): Variable[] {
    const seen = new Map<string, Variable>(this.constants.map((v) => [v.name, v]));
    for (const b of this.blocks) for (const [n, v] of b) seen.set(n, v);
    return [...seen.values()];
  }

  ofType(ty: Ty): Variable[] {
    return this.variables().filter((v) => sameTy(v.ty, ty));
  }

  ofKind(k: Ty["k"]): Variable[] {
    return this.variables().filter((v) => v.ty.k === k);
  }

  /** Variables whose contents or value a statement may change. */
  mutable(k?: Ty["k"]): Variable[] {
    return this.variables().filter((v) => !v.fixed && !(this.frozen.get(v.name) ?? 0) && (k === undefined || v.ty.k === k));
  }

  /** Functions callable from here: defined earlier, and not the one being
   *  generated (no unbounded recursion). */
  callable(ret?: Ty): FunctionSig[] {
    return [...this.functions, ...this.localFunctions].filter((f) => f !== this.inFunction && (ret === undefined || sameTy(f.ret, ret)));
  }
}
