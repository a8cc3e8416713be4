// Golden files: compare text against tests/ir/golden/<name>; with
// UPDATE_GOLDEN=1 the file is rewritten instead (review the diff).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

export function expectGolden(name: string, actual: string): void {
  const file = path.join(import.meta.dirname, "golden", name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    if (!process.env.CI_STRICT_GOLDEN) {
      writeFileSync(file, actual);
      return;
    }
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
