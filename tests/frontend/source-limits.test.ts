// Bad input at the edges of the parser: source bytes CPython refuses (not
// UTF-8 without a declaration, NUL bytes), declared encodings, and nesting
// past CPython's limits or apc's. Each refusal is a diagnostic with
// CPython's message where CPython refuses too (checked by running it), never
// a JS stack overflow, and the rendered diagnostic shows control bytes
// escaped rather than sending them to the terminal.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { renderDiagnostic } from "../../compiler/diagnostics.js";
import { runPython, tempDir } from "../helpers.js";

async function check(bytes: Uint8Array | string) {
  const dir = tempDir();
  const file = path.join(dir, "prog.py");
  writeFileSync(file, bytes);
  const res = await compile(typeof bytes === "string" ? Buffer.from(bytes) : bytes, { file: "prog.py", emit: "ir" });
  const rendered = res.diagnostics.map((d) => renderDiagnostic(d, res.source)).join("\n");
  return { res, rendered, cpython: runPython(file) };
}

describe("source bytes", () => {
  it("refuses bytes that are not UTF-8 as CPython does, with the line", async () => {
    const { res, rendered, cpython } = await check(Buffer.from('x = 1\nprint("a\xff b")\n', "latin1"));
    expect(res.ok).toBe(false);
    expect(res.diagnostics[0]!.code).toBe("E0001");
    expect(res.diagnostics[0]!.span.line).toBe(2);
    expect(cpython.status).toBe(1);
    expect(cpython.stderr).toContain("SyntaxError: Non-UTF-8 code starting with '\\xff' in file");
    expect(res.diagnostics[0]!.message).toMatch(/^Non-UTF-8 code starting with '\\xff' in file prog\.py on line 2, but no encoding declared/);
    expect(rendered).not.toContain("\ufffd");
  });

  it("refuses NUL bytes and shows them escaped", async () => {
    const { res, rendered, cpython } = await check(Buffer.from('x = 1\nprint("a\x00b\x1b[31m")\n', "latin1"));
    expect(res.ok).toBe(false);
    expect(res.diagnostics[0]!.message).toBe("source code cannot contain null bytes");
    expect(cpython.stderr).toContain("SyntaxError: source code cannot contain null bytes");
    expect(rendered).toContain('print("a\\x00b\\x1b[31m")');
    expect(rendered).not.toMatch(/[\x00\x1b]/);
  });

  it("reads a latin-1 source that declares it, and drops a UTF-8 BOM", async () => {
    const latin = await check(Buffer.from('# -*- coding: latin-1 -*-\nprint("caf\xe9")\n', "latin1"));
    expect(latin.res.ok).toBe(true);
    expect(latin.res.source).toContain("café");
    const bom = await check(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('print("bom")\n')]));
    expect(bom.res.ok).toBe(true);
    expect(bom.res.source.startsWith("print")).toBe(true);
  });

  it("refuses an encoding it does not read", async () => {
    const { res } = await check("# coding: koi8-r\nprint(1)\n");
    expect(res.ok).toBe(false);
    expect(res.diagnostics[0]!.message).toContain("encoding problem: koi8-r");
  });
});

describe("nesting limits", () => {
  it("refuses brackets nested past 200 as CPython's tokenizer does", async () => {
    const n = 250;
    const { res, cpython } = await check(`x = ${"(".repeat(n)}1${")".repeat(n)}\nprint(x)\n`);
    expect(res.diagnostics[0]!.message).toBe("too many nested parentheses");
    expect(res.diagnostics[0]!.span.col).toBe(5 + 200);
    expect(cpython.stderr).toContain("SyntaxError: too many nested parentheses");
  });

  it("refuses 100 levels of indentation as CPython does", async () => {
    let src = "x = 0\n";
    for (let i = 0; i < 120; i++) src += `${"    ".repeat(i)}if x == 0:\n`;
    src += `${"    ".repeat(120)}print(1)\n`;
    const { res, cpython } = await check(src);
    expect(res.diagnostics[0]!.message).toBe("too many levels of indentation");
    expect(cpython.stderr).toContain("IndentationError: too many levels of indentation");
  });

  it("refuses nesting past CPython's recursion limit with CPython's message, without overflowing", async () => {
    const { res, cpython } = await check(`x = ${"1+".repeat(20_000)}1\nprint(x)\n`);
    expect(res.diagnostics[0]!.code).toBe("E0001");
    expect(res.diagnostics[0]!.message).toBe("maximum recursion depth exceeded during compilation");
    expect(cpython.stderr).toContain("RecursionError: maximum recursion depth exceeded during compilation");
  });

  it("refuses, as apc's own limit, nesting CPython compiles but apc does not", async () => {
    const { res, cpython } = await check(`x = ${"-".repeat(2500)}1\nprint(x)\n`);
    expect(res.diagnostics[0]!.code).toBe("E0301");
    expect(res.diagnostics[0]!.message).toMatch(/nests \d+ syntax levels deep; apc compiles up to 1500/);
    expect(cpython.stdout).toBe("1\n");
  });

  it("compiles deep nesting under the limit", async () => {
    const { res } = await check(`x = ${"-".repeat(1400)}1\ny = ${Array(1400).fill("x").join(" + ")}\nprint(x, y)\n`);
    expect(res.diagnostics).toEqual([]);
    expect(res.ok).toBe(true);
  });
});
