// Finding and running the external tools: LLVM's `opt` and `llc` (version
// 14, found through configuration, `llvm-config`, or PATH) and the system C
// compiler. Owns discovery, version probing, and the ToolchainMissing error
// with the exact install command. `apc doctor` reports through here too.

import { execa } from "execa";
import { existsSync } from "node:fs";
import path from "node:path";

export interface ToolchainConfig {
  /** Folder holding opt and llc (overrides llvm-config and PATH). */
  readonly llvmBin?: string;
  /** C compiler used to build the runtime and link (default: $CC or cc). */
  readonly cc?: string;
}

export interface Toolchain {
  readonly opt: string;
  readonly llc: string;
  readonly cc: string;
}

export const LLVM_MAJOR = 14;

export class ToolchainMissing extends Error {
  readonly code = "ToolchainMissing";
  constructor(
    readonly tool: string,
    readonly install: string,
  ) {
    super(`${tool} not found. Install it with: ${install}`);
  }
}

export const INSTALL_HINTS: Record<string, string> = {
  opt: `apt-get install llvm-${LLVM_MAJOR}   (or set APC_LLVM_BIN to the folder holding opt and llc)`,
  llc: `apt-get install llvm-${LLVM_MAJOR}   (or set APC_LLVM_BIN to the folder holding opt and llc)`,
  cc: "apt-get install gcc   (or set CC to your C compiler)",
  python3: "apt-get install python3",
  "llvm-config": `apt-get install llvm-${LLVM_MAJOR}-dev`,
};

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

async function llvmBinDir(): Promise<string | null> {
  for (const cfg of [`llvm-config-${LLVM_MAJOR}`, "llvm-config"]) {
    const exe = onPath(cfg);
    if (!exe) continue;
    try {
      const { stdout } = await execa(exe, ["--bindir"]);
      return stdout.trim();
    } catch {
      // try the next one
    }
  }
  return null;
}

let cached: Promise<Toolchain> | null = null;
let cachedKey = "";

/** Locate opt, llc and cc, or throw ToolchainMissing naming the first one absent. */
export function findToolchain(config: ToolchainConfig = {}): Promise<Toolchain> {
  const key = JSON.stringify([config, process.env.APC_LLVM_BIN, process.env.CC]);
  if (!cached || key !== cachedKey) {
    cachedKey = key;
    cached = locate(config);
    cached.catch(() => (cached = null));
  }
  return cached;
}

async function locate(config: ToolchainConfig): Promise<Toolchain> {
  return { opt: await locateLlvmTool("opt", config), llc: await locateLlvmTool("llc", config), cc: locateCC(config) };
}

/** One LLVM tool: the configured folder, else llvm-config's bindir, else PATH. */
export async function locateLlvmTool(tool: "opt" | "llc", config: ToolchainConfig = {}): Promise<string> {
  const override = config.llvmBin ?? process.env.APC_LLVM_BIN;
  const bin = override ?? (await llvmBinDir());
  const candidates = bin ? [path.join(bin, tool)] : [];
  if (!override) candidates.push(onPath(`${tool}-${LLVM_MAJOR}`) ?? "", onPath(tool) ?? "");
  const hit = candidates.find((c) => c && existsSync(c));
  if (!hit) throw new ToolchainMissing(tool, INSTALL_HINTS[tool]!);
  return hit;
}

/** The C compiler: the configured one, else $CC, else cc on PATH. */
export function locateCC(config: ToolchainConfig = {}): string {
  const ccName = config.cc ?? process.env.CC ?? "cc";
  const cc = path.isAbsolute(ccName) ? ccName : onPath(ccName);
  if (!cc || !existsSync(cc)) throw new ToolchainMissing("cc", INSTALL_HINTS.cc!);
  return cc;
}

/** First line of `tool --version` style output, for doctor and cache keys. */
export async function toolVersion(exe: string, args = ["--version"]): Promise<string> {
  const { stdout, stderr } = await execa(exe, args, { reject: false });
  const text = `${stdout}\n${stderr}`;
  const line = text.split("\n").find((l) => /version|\d+\.\d+/i.test(l)) ?? text.split("\n")[0]!;
  return line.trim();
}
