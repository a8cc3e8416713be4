// Programs apc must refuse at compile time. Each tests/check/*.py marks the
// offending line with `# error: CODE` (optionally followed by a quoted text
// the message must contain); apc must report exactly those codes on those
// lines (and no other errors), and must not produce any code.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/driver.js";
import { renderDiagnostic } from "../compiler/diagnostics.js";

const ROOT = path.join(import.meta.dirname, "check");

function expectations(source: string): { line: number; code: string; text: string | null }[] {
  return source.split("\n").flatMap((text, i) => {
    const m = /#\s*error:\s*(E\d{4})(?:\s+"(.*)")?/.exec(text);
    return m ? [{ line: i + 1, code: m[1]!, text: m[2] ?? null }] : [];
  });
}

describe.concurrent("apc refuses what it cannot compile", () => {
  for (const name of readdirSync(ROOT).filter((n) => n.endsWith(".py")).sort()) {
    it(name, async () => {
      const source = readFileSync(path.join(ROOT, name), "utf8");
      const want = expectations(source);
      expect(want.length, "the file marks at least one `# error: CODE` line").toBeGreaterThan(0);
      const res = await compile(source, { file: name, emit: "ir" });
      expect(res.ok).toBe(false);
      const got = res.diagnostics.filter((d) => d.severity === "error").map((d) => ({ line: d.span.line, code: d.code }));
      const rendered = res.diagnostics.map((d) => renderDiagnostic(d, source)).join("\n");
      expect(got, rendered).toEqual(want.map(({ line, code }) => ({ line, code })));
      for (const w of want.filter((w) => w.text !== null)) {
        const d = res.diagnostics.find((d) => d.span.line === w.line && d.code === w.code)!;
        expect(d.message, rendered).toContain(w.text);
      }
      for (const d of res.diagnostics) {
        const text = renderDiagnostic(d, source);
        expect(text).toContain(`--> ${name}:${d.span.line}:${d.span.col}`);
        expect(text).toMatch(/= help: /);
      }
    });
  }
});
