// `apc doctor`: checks every external tool apc needs, prints its version, and
// for each missing one the exact command that installs it. Exit status 1 when
// something required is missing.

import { INSTALL_HINTS, LLVM_MAJOR, locateCC, locateLlvmTool, ToolchainMissing, toolVersion } from "../compiler/backend/toolchain.js";
import { ensureRuntime } from "../compiler/backend/runtime-lib.js";

interface Check {
  readonly name: string;
  readonly required: boolean;
  readonly run: () => Promise<string>;
  readonly install: string;
}

export async function doctor(): Promise<number> {
  const checks: Check[] = [
    { name: "node", required: true, install: "install Node.js 20 or newer", run: async () => process.version },
    {
      name: "llvm-bindings",
      required: true,
      install: `apt-get install llvm-${LLVM_MAJOR}-dev cmake && npm rebuild llvm-bindings`,
      run: async () => {
        const llvm = (await import("llvm-bindings")).default;
        return `LLVM ${llvm.config.LLVM_VERSION_STRING} (in-process)`;
      },
    },
    { name: "opt", required: true, install: INSTALL_HINTS.opt!, run: async () => versionOf(await locateLlvmTool("opt")) },
    { name: "llc", required: true, install: INSTALL_HINTS.llc!, run: async () => versionOf(await locateLlvmTool("llc")) },
    { name: "cc", required: true, install: INSTALL_HINTS.cc!, run: async () => toolVersion(locateCC()) },
    { name: "ar", required: true, install: "apt-get install binutils", run: async () => toolVersion("ar", ["--version"]) },
    {
      name: "runtime",
      required: true,
      install: "see the cc error above; the runtime is C11 with libc and libm only",
      run: async () => `built at ${(await ensureRuntime(locateCC())).dir}`,
    },
    { name: "python3", required: false, install: INSTALL_HINTS.python3!, run: async () => toolVersion("python3") },
  ];
  let missing = 0;
  for (const c of checks) {
    try {
      const v = await c.run();
      process.stdout.write(`  ok       ${c.name.padEnd(14)} ${v}\n`);
    } catch (err) {
      if (c.required) missing++;
      const why = err instanceof ToolchainMissing ? `${err.tool} not found` : (err as Error).message.split("\n")[0];
      process.stdout.write(`  ${c.required ? "MISSING " : "optional"} ${c.name.padEnd(14)} ${why}\n           install: ${c.install}\n`);
    }
  }
  process.stdout.write(missing ? `\n${missing} required tool(s) missing.\n` : "\nall required tools found.\n");
  return missing ? 1 : 0;
}

async function versionOf(exe: string): Promise<string> {
  const v = await toolVersion(exe);
  const m = /(\d+)\.\d+\.\d+/.exec(v);
  if (m && Number(m[1]) !== LLVM_MAJOR) throw new Error(`${exe} is LLVM ${m[0]}, apc needs LLVM ${LLVM_MAJOR}`);
  return `${exe} (${v})`;
}

