// Builds the C runtime once before any test file runs (it is cached on disk
// by content, so parallel test files then find it ready).
import { locateCC } from "../compiler/backend/toolchain.js";
import { ensureRuntime } from "../compiler/backend/runtime-lib.js";

export default async function setup(): Promise<void> {
  await ensureRuntime(locateCC());
}
