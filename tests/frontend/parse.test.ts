// Parser tests: spans, literal values, statement shapes, syntax errors and
// `unsupported` nodes. Literal values and whole-program ASTs are checked
// against CPython at test time (python3, through cpython_ast.py), so the
// expectations come from the reference implementation, not from the parser.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Expr, Module, Span, Stmt } from "../../compiler/frontend/ast.js";
import { parseModule } from "../../compiler/frontend/parse.js";

const CPYTHON_AST = fileURLToPath(new URL("./cpython_ast.py", import.meta.url));
const PROGRAMS = fileURLToPath(new URL("../programs", import.meta.url));

function python(args: string[], input: string): string {
  return execFileSync("python3", args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "ignore"], maxBuffer: 1 << 28 });
}

/** Parses a file that must have no syntax errors. */
function parse(source: string): Module {
  const { module, diagnostics } = parseModule(source, "test.py");
  expect(diagnostics.map((d) => d.message)).toEqual([]);
  return module;
}

function stmt(source: string): Stmt {
  return parse(source).body[0]!;
}

/** The expression of a one-line `x = <expr>` or expression statement. */
function expr(source: string): Expr {
  const s = stmt(source);
  if (s.kind === "assign") return s.value;
  if (s.kind === "expr") return s.value;
  throw new Error(`not an expression: ${s.kind}`);
}

function pos(span: Span): string {
  return `${span.line}:${span.col}-${span.endLine}:${span.endCol}`;
}

/** apc's AST in cpython_ast.py's JSON shape: spans as arrays, bigints tagged,
 *  and the fields CPython has no counterpart for removed. */
function normalize(value: unknown, parent = ""): unknown {
  if (typeof value === "bigint") return { $int: value.toString() };
  if (typeof value === "number" && !Number.isFinite(value)) return { $float: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
  if (Array.isArray(value)) return value.map((v) => normalize(v, parent));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const isParam = "form" in obj && "default" in obj;
  const isGenerator = "ifs" in obj && !("kind" in obj);
  const noSpan = obj.kind === "field" || isParam || isGenerator;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "what" || k === "opSpan" || k === "attrSpan" || k === "nameSpan" || (k === "span" && noSpan)) continue;
    out[k] = k === "span" ? [(v as Span).line, (v as Span).col, (v as Span).endLine, (v as Span).endCol] : normalize(v, k);
  }
  return out;
}

/** Drops what CPython cannot tell us: spans of `unsupported` nodes and spans
 *  it leaves null (inner levels of `a and b and c`). */
function alignWithCPython(ours: unknown, theirs: unknown): unknown {
  if (Array.isArray(ours) && Array.isArray(theirs)) return ours.map((o, i) => alignWithCPython(o, theirs[i]));
  if (ours === null || theirs === null || typeof ours !== "object" || typeof theirs !== "object") return ours;
  const o = { ...(ours as Record<string, unknown>) };
  const t = theirs as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k === "span" && (t.span === null || t.kind === "unsupported" || o.kind === "unsupported")) o.span = t.span;
    else o[k] = alignWithCPython(o[k], t[k]);
  }
  return o;
}

function expectSameAsCPython(source: string): void {
  const theirs: unknown = JSON.parse(python([CPYTHON_AST], source));
  const ours = normalize(parse(source).body);
  expect(alignWithCPython(ours, theirs)).toEqual(theirs);
}

/** Every span in the tree agrees with its own offsets. */
function checkSpans(module: Module): number {
  const lineStarts = [0];
  for (let i = 0; i < module.source.length; i++) if (module.source[i] === "\n") lineStarts.push(i + 1);
  let count = 0;
  const bad: Span[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== "object") return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (/^(span|opSpan|attrSpan|nameSpan)$/.test(k)) {
        const s = child as Span;
        const ok =
          s.start <= s.end &&
          s.end <= module.source.length &&
          s.start === lineStarts[s.line - 1]! + s.col - 1 &&
          s.end === lineStarts[s.endLine - 1]! + s.endCol - 1;
        if (!ok) bad.push(s);
        count++;
      } else {
        visit(child);
      }
    }
  };
  visit(module.body);
  expect(bad).toEqual([]);
  return count;
}

describe("spans", () => {
  it("gives 1-based lines and columns and offsets into the source", () => {
    const src = "x = 1\nif x:\n    y = foo(x, 2) + 3\n";
    const m = parse(src);
    const [assign, ifStmt] = m.body;
    expect(pos(assign!.span)).toBe("1:1-1:6");
    expect(ifStmt!.kind).toBe("if");
    if (ifStmt!.kind !== "if") return;
    expect(pos(ifStmt.span)).toBe("2:1-3:22");
    const inner = ifStmt.body[0]!;
    if (inner.kind !== "assign" || inner.value.kind !== "binop") throw new Error(inner.kind);
    expect(pos(inner.value.span)).toBe("3:9-3:22");
    expect(pos(inner.value.opSpan)).toBe("3:19-3:20");
    expect(src.slice(inner.value.left.span.start, inner.value.left.span.end)).toBe("foo(x, 2)");
  });

  it("counts columns in UTF-16 units after non-ASCII text", () => {
    const src = 's = "é😀ü"; t = s\nu = "ÿ" + t  # ñ\n';
    const m = parse(src);
    const t = m.body[1]!;
    if (t.kind !== "assign") throw new Error(t.kind);
    // `é` and `ü` are one unit each, `😀` two: `t` sits at offset 12, column 13.
    expect(t.targets[0]!.span).toMatchObject({ start: 12, end: 13, line: 1, col: 13, endCol: 14 });
    const u = m.body[2]!;
    if (u.kind !== "assign" || u.value.kind !== "binop") throw new Error(u.kind);
    expect(pos(u.value.right.span)).toBe("2:11-2:12");
    expect(src.slice(u.value.right.span.start, u.value.right.span.end)).toBe("t");
    const s = m.body[0]!;
    if (s.kind !== "assign") throw new Error(s.kind);
    expect(s.value).toMatchObject({ kind: "str", value: "é😀ü" });
    expect(checkSpans(m)).toBeGreaterThan(8);
  });

  it("points attribute, function and class names at the name", () => {
    const m = parse("@dec\ndef  fn(a):\n    return a.attr\nclass  K:\n    pass\n");
    const f = m.body[0]!;
    if (f.kind !== "funcdef") throw new Error(f.kind);
    expect(pos(f.def.nameSpan)).toBe("2:6-2:8");
    expect(pos(f.span)).toBe("2:1-3:18");
    const ret = f.def.body[0]!;
    if (ret.kind !== "return" || ret.value?.kind !== "attribute") throw new Error(ret.kind);
    expect(pos(ret.value.attrSpan)).toBe("3:14-3:18");
    const k = m.body[1]!;
    if (k.kind !== "classdef") throw new Error(k.kind);
    expect(pos(k.nameSpan)).toBe("4:8-4:9");
  });

  it("ends a block at its last statement, not at trailing comments", () => {
    const m = parse("while x:\n    x -= 1  # down\n    # more\n\ny = 2\n");
    expect(pos(m.body[0]!.span)).toBe("1:1-2:11");
  });

  it("keeps spans consistent on CRLF sources", () => {
    const m = parse("a = 1\r\nif a:\r\n    b = 'x'\r\n");
    expect(checkSpans(m)).toBeGreaterThan(4);
    expect(pos(m.body[1]!.span)).toBe("2:1-3:12");
  });
});

describe("literals, checked against CPython's ast.literal_eval", () => {
  const evalInPython = (sources: string[]): unknown[] =>
    JSON.parse(
      python(
        [
          "-c",
          `import ast, json, sys, warnings
warnings.simplefilter("ignore")
out = []
for src in json.load(sys.stdin):
    v = ast.literal_eval(src)
    out.append({"int": str(v)} if isinstance(v, int) else {"float": repr(v)} if isinstance(v, float) else {"str": v})
print(json.dumps(out))`,
        ],
        JSON.stringify(sources),
      ),
    );

  const ours = (source: string): unknown => {
    const e = expr(`x = ${source}\n`);
    if (e.kind === "int") return { int: e.value.toString() };
    if (e.kind === "float") return { float: e.value };
    if (e.kind === "str") return { str: e.value };
    return e;
  };

  it("decodes every integer form as a bigint", () => {
    const ints = ["0", "00", "0_0", "7", "1_000", "0x1F", "0X1f", "0o17", "0O17", "0b101", "0B1_01", "0xdead_beef",
      "123456789012345678901234567890", "0x" + "f".repeat(40), "9223372036854775807", "9223372036854775808"];
    expect(ints.map(ours)).toEqual(evalInPython(ints));
    expect(expr("x = 0x1F\n")).toMatchObject({ kind: "int", value: 31n });
  });

  it("decodes every float form", () => {
    const floats = ["1.", ".5", "1e-7", "1_0.5", "1E5", "1.5e+3", "0.1", "00.5", "01e1", "3.14_15", "1_0e1_0",
      "2.5E-3_0", "1e400", "4.9e-324", "0.30000000000000004", "1.7976931348623157e308"];
    const theirs = evalInPython(floats).map((v) => {
      const r = (v as { float: string }).float;
      return { float: r === "inf" ? Infinity : Number(r) };
    });
    expect(floats.map(ours)).toEqual(theirs);
  });

  it("decodes strings, escapes and implicit concatenation", () => {
    const strings = [
      `'plain'`, `"dq"`, `'''tri\nple'''`, `"""x"y"""`, String.raw`r'\n\\'`, String.raw`R"\d"`, String.raw`r'\''`,
      `u'uni'`, `'a' "b" '''c'''`, String.raw`"\n\t\\\'\"\a\b\f\v\r"`, String.raw`"\x41\x7e"`,
      String.raw`"\u00e9\u20AC"`, String.raw`"\U0001F600"`, String.raw`"\012\0\7\101\777"`, String.raw`"\q\8\9\ "`,
      `"line\\\ncontinued"`, `'é😀'`, String.raw`"\ud83d\ude00"`, `('a'\n  'b')`, `"""a\\\nb"""`, `'{x}'`,
    ];
    expect(strings.map(ours)).toEqual(evalInPython(strings));
  });

  it("normalises newlines inside triple-quoted strings", () => {
    expect(parseModule("x = '''a\r\nb'''\r\n", "t.py").module.body[0]).toMatchObject({ value: { kind: "str", value: "a\nb" } });
  });

  it("keeps True, False and None as their own nodes", () => {
    expect(expr("[True, False, None]\n")).toMatchObject({
      kind: "list",
      elts: [{ kind: "bool", value: true }, { kind: "bool", value: false }, { kind: "none" }],
    });
  });
});

describe("f-strings", () => {
  it("splits text and fields with conversion and nested format specs", () => {
    const e = expr('f"a{x!r:>{w}.2f}b{{c}}{y}" "tail\\n"\n');
    expect(e).toMatchObject({
      kind: "fstring",
      parts: [
        { kind: "text", value: "a" },
        {
          kind: "field",
          value: { kind: "name", id: "x" },
          conversion: "r",
          spec: [{ kind: "text", value: ">" }, { kind: "field", value: { kind: "name", id: "w" }, spec: null }, { kind: "text", value: ".2f" }],
        },
        { kind: "text", value: "b{c}" },
        { kind: "field", value: { kind: "name", id: "y" }, conversion: null, spec: null },
        { kind: "text", value: "tail\n" },
      ],
    });
  });

  it("expands `{x=}` to its text and repr, like CPython", () => {
    expect(expr('f"{x = }|{y=:>4}|{z=!s}"\n')).toMatchObject({
      parts: [
        { kind: "text", value: "x = " },
        { kind: "field", conversion: "r", spec: null },
        { kind: "text", value: "|y=" },
        { kind: "field", conversion: null, spec: [{ kind: "text", value: ">4" }] },
        { kind: "text", value: "|z=" },
        { kind: "field", conversion: "s" },
      ],
    });
  });

  it("matches CPython's tree for f-strings", () => {
    expectSameAsCPython(String.raw`s = f"{a + 1:{width}d}|{b!a}" rf"\d{c}" f"{d:}" f"{'q'}" f"\x41{{" f""` + "\n");
  });
});

describe("expressions", () => {
  it("keeps comparison chains as one compare node", () => {
    expect(expr("a < b <= c is not d not in e\n")).toMatchObject({
      kind: "compare",
      left: { id: "a" },
      ops: ["<", "<=", "is not", "not in"],
      comparators: [{ id: "b" }, { id: "c" }, { id: "d" }, { id: "e" }],
    });
  });

  it("nests `and`/`or` to the left", () => {
    expect(expr("a and b and c or d\n")).toMatchObject({
      kind: "boolop",
      op: "or",
      left: { op: "and", left: { op: "and", left: { id: "a" }, right: { id: "b" } }, right: { id: "c" } },
      right: { id: "d" },
    });
  });

  it("groups binary operators with Python's precedence, not tree-sitter's", () => {
    // tree-sitter-python ranks `^` above `&`; Python ranks `&` above `^`.
    expect(expr("a ^ b & c\n")).toMatchObject({ op: "^", left: { id: "a" }, right: { op: "&", left: { id: "b" }, right: { id: "c" } } });
    expect(expr("a & b ^ c\n")).toMatchObject({ op: "^", left: { op: "&" }, right: { id: "c" } });
    expect(expr("a ** b ** c\n")).toMatchObject({ op: "**", left: { id: "a" }, right: { op: "**" } });
    expectSameAsCPython("x = ~1 ^ 1 & 1 | 1 & 1 ^ -1\ny = a ** b ** -c * d + e << f & g ^ h | i\nz = (a ^ b) & c - d % e @ k\n");
  });

  it("converts calls, slices and comprehensions", () => {
    expect(expr("f(a, *b, k=1)\n")).toMatchObject({
      kind: "call",
      args: [{ kind: "name" }, { kind: "starred", value: { id: "b" } }],
      keywords: [{ name: "k", value: { value: 1n } }],
    });
    expect(expr("a[1:, ::2]\n")).toMatchObject({
      index: { kind: "tuple", elts: [{ kind: "slice", lower: { value: 1n }, upper: null, step: null }, { kind: "slice", step: { value: 2n } }] },
    });
    expect(expr("{k: v for k, v in d if k if v for w in k}\n")).toMatchObject({
      kind: "comprehension",
      form: "dict",
      elt: { id: "k" },
      value: { id: "v" },
      generators: [{ target: { kind: "tuple" }, ifs: [{ id: "k" }, { id: "v" }] }, { target: { id: "w" }, ifs: [] }],
    });
  });
});

describe("statements", () => {
  it("makes chained assignment one assign with several targets", () => {
    expect(stmt("a = b.c = d[0] = 1\n")).toMatchObject({
      kind: "assign",
      targets: [{ kind: "name" }, { kind: "attribute" }, { kind: "subscript" }],
      value: { value: 1n },
    });
    expect(stmt("a, b = b, a % b\n")).toMatchObject({
      targets: [{ kind: "tuple", elts: [{ id: "a" }, { id: "b" }] }],
      value: { kind: "tuple", elts: [{ id: "b" }, { kind: "binop", op: "%" }] },
    });
  });

  it("turns elif into nested ifs", () => {
    const s = stmt("if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    x = 3\nelse:\n    x = 4\n");
    expect(s).toMatchObject({
      kind: "if",
      test: { id: "a" },
      orelse: [{ kind: "if", test: { id: "b" }, orelse: [{ kind: "if", test: { id: "c" }, orelse: [{ kind: "assign" }] }] }],
    });
    if (s.kind !== "if") return;
    expect(pos(s.orelse[0]!.span)).toBe("3:1-8:10");
  });

  it("keeps for/else and while/else bodies", () => {
    expect(stmt("for i, (j, k) in pairs:\n    break\nelse:\n    pass\n")).toMatchObject({
      kind: "for",
      target: { kind: "tuple", elts: [{ id: "i" }, { kind: "tuple" }] },
      body: [{ kind: "break" }],
      orelse: [{ kind: "pass" }],
    });
    expect(stmt("while x:\n    continue\nelse:\n    pass\n")).toMatchObject({ kind: "while", orelse: [{ kind: "pass" }] });
  });

  it("keeps decorators, defaults, annotations and parameter forms", () => {
    const s = stmt("@dec\n@a.b(1)\nasync def f(p, /, a: int, b=2, *args: str, k: float = 0.5, **kw) -> list[int]:\n    pass\n");
    if (s.kind !== "funcdef") throw new Error(s.kind);
    expect(s.def.decorators).toMatchObject([{ kind: "name", id: "dec" }, { kind: "call", func: { kind: "attribute", attr: "b" } }]);
    expect(s.def.isAsync).toBe(true);
    expect(s.def.params.map((p) => [p.name, p.form, p.annotation?.kind ?? null, p.default?.kind ?? null])).toEqual([
      ["p", "posonly", null, null],
      ["a", "normal", "name", null],
      ["b", "normal", null, "int"],
      ["args", "varargs", "name", null],
      ["k", "kwonly", "name", "float"],
      ["kw", "kwargs", null, null],
    ]);
    expect(s.def.returns).toMatchObject({ kind: "subscript", value: { id: "list" }, index: { id: "int" } });
    expect(stmt("def g(a, *, b): pass\n")).toMatchObject({ def: { params: [{ form: "normal" }, { form: "kwonly" }] } });
  });

  it("converts imports with levels and aliases", () => {
    expect(stmt("import os.path as p, sys\n")).toMatchObject({ names: [{ name: "os.path", asname: "p" }, { name: "sys", asname: null }] });
    expect(stmt("from ...pkg.mod import (a as b, c,)\n")).toMatchObject({ module: "pkg.mod", level: 3, names: [{ name: "a", asname: "b" }, { name: "c" }] });
    expect(stmt("from . import *\n")).toMatchObject({ module: "", level: 1, names: [{ name: "*" }] });
  });

  it("reads `type(x).attr = v` as an assignment, not a type alias", () => {
    expect(stmt("type(x).attr = v\n")).toMatchObject({ kind: "assign", targets: [{ kind: "attribute", value: { kind: "call", func: { id: "type" } } }] });
  });

  it("matches CPython's tree for a program using every supported statement", () => {
    expectSameAsCPython(`"""Doc."""
from __future__ import annotations
import math, os.path as osp
from .. import sibling
from .pkg import (a as b, c)
X: int = 3
Y: "list[int]"
a = b = c = 0x_F if False else 1_0.5e-1
a, *rest = [1, *xs, 3]
(p, q), [r] = t
del a, b[0], c.d
d = {1: 'one', 'k': [], (1, 2): {3}}
s = {i * 2 for i in range(10) if i % 3 if i}
g = (x for row in rows for x in row)
l = [lambda x, y=1, *a, z, **k: x + y for _ in ()]

@decorator(arg, key=val)
@other
def f(a, b: int = 2, /, c=3, *args, d, e: float = 1.0, **kw) -> None:
    global G
    def inner():
        nonlocal a
        a += 1
        return a ** -2 // 3 % 4 @ m
    x = not a or b and c
    y = -x + ~x - +x << 2 >> 1 & 3 | 4 ^ 5
    z = a if b else c
    w = obj.attr[1:2, ::3][...,] if obj else f(*args, **kw)
    for i in range(3):
        if i == 0:
            continue
        elif i in (1, 2):
            break
        else:
            pass
    else:
        raise ValueError("no") from None
    while True:
        try:
            assert x, "msg"
        except (KeyError, IndexError) as exc:
            raise
        except Exception:
            pass
        else:
            pass
        finally:
            return
    return (yield)

class C(Base, metaclass=Meta):
    pass

for (
    item
) in [*obj.items(), *xs[0]]:
    pass
ann: type[A] | B[int, str,] | None = None

class D(A, *bases):
    """Doc."""
    attr: int = 0
    def method(self) -> "D":
        return self
`);
  });

  it("matches CPython's tree on unusual but valid layouts", () => {
    const lines = [
      "(x): int = 1",
      "del (a), [b]",
      "a[()]; a[:, None]; x[1:2:3]; x[::]",
      "f(*a, *b, c=1, **d)",
      "y = a if b else c if d else e",
      "v = not not -(-a.b.c.d[b][c](a)(b))",
      "t = ('a' \\\n  \"b\" f\"c{d!r:{e}}\")",
      "if a: b = 1; c = 2;",
      "if x:\n\ty = 1\n\tz = 2  # tab-indented",
      "\fq = 1",
      "def f(a, b=1, *, c, d=2, **e): pass",
      "class A(): pass",
      "m, n, o, k, j = {}, (), [], {1}, {1: 2,}",
      "def h(*args: *Ts, **kw) -> Tuple[int, *Ts]: pass",
      "g: Tuple[*tuple[int]] = x[*a]",
      "print(*sys.argv[1:], *a.b(), sep='')",
      "type(obj).attr = type[0]",
      "s = '''a\\\nb'''",
    ];
    expectSameAsCPython(lines.join("\n") + "\n");
  });

  it("matches CPython's tree on every program in tests/programs", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".py")) files.push(path);
      }
    };
    walk(PROGRAMS);
    const sources = files.map((f) => readFileSync(f, "utf8"));
    const trees: unknown[] = JSON.parse(python([CPYTHON_AST, "--batch"], JSON.stringify(sources)));
    for (const [i, file] of files.entries()) {
      const theirs = trees[i];
      const { module, diagnostics } = parseModule(sources[i]!, file);
      expect(diagnostics, file).toEqual([]);
      expect(alignWithCPython(normalize(module.body), theirs), file).toEqual(theirs);
      checkSpans(module);
    }
  });
});

describe("syntax errors", () => {
  // [source, line, col, message, CPython says the same]
  const cases: [string, number, number, string, boolean][] = [
    ["if x\n    pass\n", 1, 5, "expected ':'", true],
    ["def f()\n  pass\n", 1, 8, "expected ':'", true],
    ["x = (1,\ny = 2\n", 1, 5, "'(' was never closed", true],
    ["x = [1, 2\n", 1, 5, "'[' was never closed", true],
    ['x = "abc\n', 1, 5, "unterminated string literal (detected at line 1)", true],
    ['s = """abc\n\n', 1, 5, "unterminated triple-quoted string literal (detected at line 2)", true],
    ["x = (1]\n", 1, 7, "closing parenthesis ']' does not match opening parenthesis '('", true],
    ["x = 1)\n", 1, 6, "unmatched ')'", true],
    ["x = 1 +\n", 1, 8, "invalid syntax", true],
    ["return = 1\n", 1, 8, "invalid syntax", true],
    ["if x:\npass\n", 2, 1, "expected an indented block after 'if' statement on line 1", true],
    ["for x in y:\n    pass\nelse:\nz = 1\n", 4, 1, "expected an indented block after 'else' statement on line 3", true],
    ["x = 1\n  y = 2\n", 2, 3, "unexpected indent", false],
    ["if x:\n    a\n  b\n", 3, 3, "unindent does not match any outer indentation level", false],
    ["x = 007\n", 1, 5, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", true],
    ["x = 1_\n", 1, 5, "invalid decimal literal", false],
    ["x = 10L\n", 1, 5, "invalid decimal literal", false],
    ["f(x=1, y)\n", 1, 8, "positional argument follows keyword argument", false],
    ["f(a for a in b, c)\n", 1, 3, "Generator expression must be parenthesized", true],
    ["a, b += 1\n", 1, 1, "'tuple' is an illegal expression for augmented assignment", true],
    ["a, b: int\n", 1, 1, "only single target (not tuple) can be annotated", true],
    ["del f()\n", 1, 5, "cannot delete function call", true],
    ["try:\n  pass\n", 2, 7, "expected 'except' or 'finally' block", true],
    ["def f(*): pass\n", 1, 7, "named arguments must follow bare *", true],
    ["def f(a, a): pass\n", 1, 10, "duplicate argument 'a' in function definition", true],
    ['print "x"\n', 1, 1, "Missing parentheses in call to 'print'. Did you mean print(...)?", true],
    ['x = "\\x4"\n', 1, 6, "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", false],
    ['x = "\\U00110000"\n', 1, 6, "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character", false],
    ['x = ur"a"\n', 1, 5, "invalid syntax", false],
    ['x = b"a" "b"\n', 1, 5, "cannot mix bytes and nonbytes literals", true],
    ["x = *a\n", 1, 5, "can't use starred expression here", true],
    ["*a = b\n", 1, 1, "starred assignment target must be in a list or tuple", true],
    ["a, *b, *c = d\n", 1, 1, "multiple starred expressions in assignment", true],
    ["nonlocal x\n", 1, 1, "nonlocal declaration not allowed at module level", true],
    ["def f():\n    from m import *\n", 2, 5, "import * only allowed at module level", true],
    ["try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass\n", 3, 1, "default 'except:' must be last", true],
  ];

  const cpython: { msg: string; line: number }[] = JSON.parse(
    python(
      [
        "-c",
        `import json, sys, warnings
warnings.simplefilter("ignore")
out = []
for src in json.load(sys.stdin):
    try:
        compile(src, "t.py", "exec")
        out.append(None)
    except SyntaxError as e:
        out.append({"msg": e.msg, "line": e.lineno})
print(json.dumps(out))`,
      ],
      JSON.stringify(cases.map((c) => c[0])),
    ),
  );

  it.each(cases.map((c, i) => [JSON.stringify(c[0]), i] as const))("reports %s", (_, i) => {
    const [source, line, col, message, sameAsCPython] = cases[i]!;
    const { diagnostics } = parseModule(source, "bad.py");
    expect(cpython[i], "CPython must reject this source too").not.toBeNull();
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = diagnostics[0]!;
    expect({ code: d.code, line: d.span.line, col: d.span.col, message: d.message, file: d.file }).toEqual({
      code: "E0001",
      line,
      col,
      message,
      file: "bad.py",
    });
    if (sameAsCPython) expect({ msg: d.message, line: d.span.line }).toEqual(cpython[i]);
  });

  it("keeps the statements around a syntax error", () => {
    const { module, diagnostics } = parseModule("x = 1\ndef f(:\n    pass\ny = 2\n", "bad.py");
    expect(diagnostics.map((d) => d.code)).toEqual(["E0001"]);
    expect(module.body.map((s) => s.kind)).toEqual(["assign", "funcdef", "assign"]);
  });

  it("never throws, whatever the input", () => {
    const base = readFileSync(CPYTHON_AST, "utf8") + "\nclass A:\n    def f(self, x=1, *a, **k):\n        return f'{x!r:>{k}}'\n";
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const junk = ["(", ")", "[", "]", "{", "}", ":", "'", '"', "\\", "\n", "    ", "=", ",", "*", "**", "@", "f'", "lambda", "def", "é"];
    for (let round = 0; round < 200; round++) {
      let src = base;
      for (let k = 0; k < 5; k++) {
        const at = random(src.length);
        src = random(2) === 0 ? src.slice(0, at) + src.slice(at + 1 + random(20)) : src.slice(0, at) + junk[random(junk.length)] + src.slice(at);
      }
      const { module, diagnostics } = parseModule(src, "fuzz.py");
      expect(diagnostics.every((d) => d.code === "E0001")).toBe(true);
      checkSpans(module);
    }
  });
});

describe("unsupported constructs", () => {
  const cases: [string, string][] = [
    ["with a as b:\n    pass\n", "`with` statement"],
    ["match x:\n    case 1:\n        pass\n", "`match` statement"],
    ["type X = int\n", "`type` alias statement"],
    ["class C(metaclass=M):\n    pass\n", "class keyword arguments (`metaclass=...`)"],
    ["try:\n    pass\nexcept* E:\n    pass\n", "`except*` clause"],
    ["def f[T](x: T) -> T:\n    return x\n", "type parameter list on a function (PEP 695)"],
  ];
  it.each(cases)("keeps %j as unsupported", (source, what) => {
    const { module } = parseModule(source, "t.py");
    expect(module.body[0]).toMatchObject({ kind: "unsupported", what });
  });

  const exprCases: [string, string][] = [
    ["x = 1j\n", "imaginary literal `1j`"],
    ["x = b'a'\n", "bytes literal"],
    ["x = ...\n", "`...` (Ellipsis)"],
    ["x = (y := 1)\n", "assignment expression (`:=`)"],
    ["x = await y\n", "`await` expression"],
    ["x = {**a}\n", "`**` unpacking in a dict display"],
    ["x = [y async for y in z]\n", "asynchronous comprehension (`async for`)"],
    ['x = "\\N{EM DASH}"\n', "`\\N{...}` escape in a string literal"],
  ];
  it.each(exprCases)("keeps the value of %j as unsupported", (source, what) => {
    expect(expr(source)).toMatchObject({ kind: "unsupported", what });
  });

  it("keeps nested unsupported statements and expressions in place", () => {
    const s = stmt("async def f():\n    async for x in y:\n        pass\n    yield 1\n    f(**kw)\n");
    expect(s).toMatchObject({
      kind: "funcdef",
      def: {
        isAsync: true,
        body: [
          { kind: "unsupported", what: "`async for` statement" },
          { kind: "expr", value: { kind: "unsupported", what: "`yield` expression" } },
          { kind: "expr", value: { kind: "call", args: [{ kind: "unsupported", what: "`**` argument unpacking" }] } },
        ],
      },
    });
  });
});
