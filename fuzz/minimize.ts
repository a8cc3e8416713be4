// A delta-debugging minimiser over a program's statements: the source is
// read as a tree of statements (a line and the lines indented under it),
// and chunks of statements, halving in size down to single ones, are
// removed while the failure keeps its signature (the same kind of
// difference, or the same crash). A block left empty gets `pass`. The
// generator writes one statement per line, which is what makes lines a
// fine enough grain.

export interface Stmt {
  readonly id: number;
  readonly line: string;
  readonly parent: Stmt | null;
  readonly children: Stmt[];
}

/** The statement tree of `source` (blank lines dropped). */
export function parseStatements(source: string): Stmt[] {
  const top: Stmt[] = [];
  const stack: { indent: number; node: Stmt }[] = [];
  let id = 0;
  for (const line of source.split("\n")) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1]!.node : null;
    const node: Stmt = { id: id++, line, parent, children: [] };
    (parent ? parent.children : top).push(node);
    stack.push({ indent, node });
  }
  return top;
}

/** The program without the statements in `removed` (and what they hold). */
export function renderStatements(stmts: readonly Stmt[], removed: ReadonlySet<number> = new Set()): string {
  const out: string[] = [];
  const walk = (ss: readonly Stmt[]) => {
    for (const s of ss) {
      if (removed.has(s.id)) continue;
      out.push(s.line);
      const kept = s.children.filter((c) => !removed.has(c.id));
      if (s.line.trimEnd().endsWith(":") && !kept.length) out.push(`${" ".repeat(s.line.length - s.line.trimStart().length + 4)}pass`);
      else walk(kept);
    }
  };
  walk(stmts);
  return `${out.join("\n")}\n`;
}

function allStatements(stmts: readonly Stmt[]): Stmt[] {
  return stmts.flatMap((s) => [s, ...allStatements(s.children)]);
}

function alive(s: Stmt, removed: ReadonlySet<number>): boolean {
  for (let n: Stmt | null = s; n; n = n.parent) if (removed.has(n.id)) return false;
  return true;
}

export interface MinimizeOptions {
  /** At most this many candidate programs are tried. */
  readonly maxTries: number;
}

/** Remove statements from `source` while `fails(candidate)` holds. */
export async function minimize(source: string, fails: (candidate: string) => Promise<boolean>, opts: MinimizeOptions): Promise<{ source: string; tries: number }> {
  const tree = parseStatements(source);
  // Imports and random.seed() stay: without a seed the run is not reproducible.
  const every = allStatements(tree).filter((s) => !/^(import|from) /.test(s.line) && !/\brandom\.seed\(/.test(s.line));
  let removed = new Set<number>();
  let tries = 0;
  let progress = true;
  while (progress && tries < opts.maxTries) {
    progress = false;
    const live = () => every.filter((s) => alive(s, removed));
    for (let size = Math.max(1, Math.floor(live().length / 2)); tries < opts.maxTries; size = Math.floor(size / 2)) {
      const candidates = live();
      // From the end: later statements depend on earlier ones, not back.
      for (let end = candidates.length; end > 0 && tries < opts.maxTries; end -= size) {
        const chunk = candidates.slice(Math.max(0, end - size), end).filter((s) => alive(s, removed));
        if (!chunk.length) continue;
        const next = new Set([...removed, ...chunk.map((s) => s.id)]);
        tries += 1;
        if (await fails(renderStatements(tree, next))) {
          removed = next;
          progress = true;
        }
      }
      if (size <= 1) break;
    }
  }
  return { source: renderStatements(tree, removed), tries };
}
