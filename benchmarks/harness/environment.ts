// A description of the machine and the tools for the reports: CPU model, cores,
// memory, OS, and the version of every runner's tool. Read once per run; a tool
// that is absent shows as null.

import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { locateLlvmTool } from "../../compiler/backend/toolchain.js";
import { REPO_ROOT } from "./paths.js";
import { probePython, SYSTEM_PYTHON } from "./python-host.js";
import type { Environment } from "./results.js";
import { runTool } from "./timed-run.js";
import { pypyVersion } from "./runners/pypy.js";

/** The tool's --version output squeezed to one line, or its line matching `pick`. */
async function versionLine(exe: string, pick?: RegExp): Promise<string | null> {
  const r = await runTool(exe, ["--version"], { timeoutSeconds: 60 });
  if (!r.ok) return null;
  const text = `${r.stdout}\n${r.stderr}`.trim();
  if (pick) return pick.exec(text)?.[0] ?? null;
  return text.split("\n")[0]!.trim() || null;
}

async function llvmVersion(): Promise<string | null> {
  try {
    const v = await versionLine(await locateLlvmTool("opt"), /LLVM version [\d.]+/);
    return v ? v.replace("LLVM version", "LLVM") : null;
  } catch {
    return null;
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? "unknown";
}

function osName(): string {
  if (existsSync("/etc/os-release")) {
    const m = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (m) return m[1]!;
  }
  return `${os.type()} ${os.release()}`;
}

function apcVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

export async function describeEnvironment(referencePython: string): Promise<Environment> {
  const ref = await probePython(referencePython);
  const system = await probePython(SYSTEM_PYTHON);
  const hostWith = (key: "numba" | "cython") => [ref, system].find((h) => h && h[key] !== null) ?? null;
  const numbaHost = hostWith("numba");
  const cythonHost = hostWith("cython");
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    versions: {
      apc: apcVersion(),
      node: process.version,
      python: ref ? `CPython ${ref.version} (${ref.executable})` : null,
      "system python": system && system.executable !== ref?.executable ? `CPython ${system.version} (${system.executable})` : null,
      pypy: await pypyVersion(),
      numba: numbaHost ? `${numbaHost.numba} (under ${numbaHost.executable})` : null,
      cython: cythonHost ? `${cythonHost.cython} (under ${cythonHost.executable})` : null,
      gcc: await versionLine(process.env.CC ?? "gcc"),
      llvm: await llvmVersion(),
    },
  };
}


