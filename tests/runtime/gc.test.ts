// The garbage collector (runtime/gc.c), for real: tests/runtime/c/gc_driver.c
// is compiled with runtime/gc.c alone and run once per scenario; each run
// prints key=value lines (sizes in MiB or kB, from apc_gc_* and
// /proc/self/status) that the tests check. Memory bounds are asserted, time
// never is (the bench scenario only logs its throughput).

import { spawnSync } from "node:child_process";
import { execa } from "execa";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNTIME = path.join(ROOT, "runtime");
const CC = process.env.CC ?? "gcc";
const PYTHON = process.env.APC_TEST_PYTHON ?? "python3";
const CFLAGS = ["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror"];
const MiB = 1024; // in kB, for VmHWM / VmRSS

let driver = "";

type Report = Record<string, number>;

// Children are awaited (execa), never spawnSync: a worker blocked past a
// minute misses vitest's fixed 60 s RPC deadline ("Timeout calling
// onTaskUpdate"), which fails the run on a busy machine with every test passing.
async function run(args: string[], env: Record<string, string> = {}): Promise<{ report: Report; stderr: string }> {
  const r = await execa(driver, args, { timeout: 120_000, env: { ...process.env, ...env }, reject: false });
  if (r.failed && r.exitCode === undefined && !r.signal) throw r;
  const status = r.exitCode ?? null;
  const lines = r.stdout.trimEnd().split("\n");
  expect(lines.filter((l) => l.startsWith("FAIL")), `gc_driver ${args.join(" ")}`).toEqual([]);
  expect({ status, signal: r.signal ?? null, last: lines[lines.length - 1] }).toEqual({
    status: 0,
    signal: null,
    last: "ok",
  });
  const report: Report = {};
  for (const l of lines) {
    const m = /^(\w+)=(-?[\d.]+)$/.exec(l);
    if (m) report[m[1]!] = Number(m[2]);
  }
  return { report, stderr: r.stderr };
}

/** Peak RSS (kB) of a Python program, read by the program itself at its end. */
async function pythonPeakKb(body: string): Promise<number> {
  const src = `${body}\nprint([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n`;
  const r = await execa(PYTHON, ["-c", src], { timeout: 120_000, reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apc-gc-"));
  driver = path.join(dir, "gc_driver");
  const c = spawnSync(
    CC,
    [...CFLAGS, "-I", RUNTIME, path.join(ROOT, "tests/runtime/c/gc_driver.c"), path.join(RUNTIME, "gc.c"), "-o", driver],
    { encoding: "utf8" },
  );
  expect(c.status, c.stderr).toBe(0);
});

describe("gc: what stays alive", () => {
  it("keeps objects reachable only from the stack, a global, a .bss array, another object or an interior pointer", async () => {
    // 30 rounds of 4 MiB of junk-filled garbage and a collection each: a
    // wrongly freed object would be zeroed and reused, breaking its pattern.
    const { report } = (await run(["roots"]));
    expect(report.live).toBeGreaterThan(0);
    expect(report.heap).toBeLessThan(32 << 20);
  });

  it("marks a 10-million-node linked list without recursion, then reclaims it", async () => {
    const { report } = (await run(["deeplist", "10000000"]));
    expect(report.live_kept_mb).toBeGreaterThanOrEqual((10_000_000 * 16) / (1 << 20));
    expect(report.live_dropped_mb).toBeLessThan(1);
    expect(report.heap_dropped_mb).toBeLessThan(16);
  });

  it("does not scan atomic objects", async () => {
    // The same ~5 MiB island of objects, held by one pointer stored in a
    // scanned object (kept) or in an atomic one (collected).
    expect((await run(["atomic", "0"])).report.live).toBeGreaterThan(4.5 * (1 << 20));
    expect((await run(["atomic", "1"])).report.live).toBeLessThan(64 << 10);
  });

  it("keeps a random object graph intact through edges, drops, reallocs and garbage", async () => {
    const { report } = (await run(["stress", "1000000"]));
    expect(report.live).toBeGreaterThan(0);
  });

  it("realloc keeps contents, zeroes new bytes and keeps the atomic flag", async () => {
    expect((await run(["realloc"])).report.flags_ok).toBe(8);
  });
});

describe("gc: memory goes back", () => {
  it("reclaims garbage: 200 MB of small objects in a bounded heap", async () => {
    const { report } = (await run(["garbage", "200"]));
    expect(report.allocated_mb).toBeGreaterThanOrEqual(200);
    expect(report.max_heap_mb).toBeLessThan(16);
    expect(report.hwm_kb).toBeLessThan(40 * MiB);
  });

  it("unmaps dead large objects", async () => {
    const { report } = (await run(["large"]));
    expect(report.heap_full_mb).toBeGreaterThanOrEqual(100);
    expect(report.heap_after_mb).toBeLessThan(2);
    expect(report.rss_full_kb - report.rss_after_kb).toBeGreaterThan(90 * MiB);
  });

  it("allocates 50 million dropped 32-byte objects in a small heap", async () => {
    const { report, stderr } = (await run(["bench", "50000000"], { APC_GC_STATS: "1" }));
    expect(report.max_rss_kb).toBeLessThan(40 * MiB);
    expect(stderr).toMatch(/^apc gc: \d+ collections, pause [\d.]+ ms total \(max [\d.]+ ms\), peak heap [\d.]+ MiB/m);
    console.log(`gc bench: ${report.million_per_second} M allocations/s; ${stderr.trim()}`);
  });
});

describe("gc: failure", () => {
  it("reports an allocation the OS refuses as MemoryError, exit status 1", async () => {
    const r = spawnSync(driver, ["oom"], { encoding: "utf8", timeout: 60_000 });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: "MemoryError\n",
    });
  });
});

describe("gc: peak RSS against CPython", () => {
  it("building and dropping 3 million small lists", async () => {
    const c = (await run(["lists", "3000000"])).report.hwm_kb!;
    const py = await pythonPeakKb("for i in range(3_000_000): x = [i, i+1, i+2]");
    console.log(`3M dropped lists: peak RSS apc-gc ${c} kB, python3 ${py} kB`);
    expect(c).toBeLessThanOrEqual(2 * py);
  });

  it("building 3 million small lists and keeping every fourth", async () => {
    const c = (await run(["lists", "3000000", "4"])).report.hwm_kb!;
    const py = await pythonPeakKb(
      "keep = []\nfor i in range(3_000_000):\n    x = [i, i+1, i+2]\n    if i % 4 == 0: keep.append(x)",
    );
    console.log(`3M lists, 750k kept: peak RSS apc-gc ${c} kB, python3 ${py} kB`);
    expect(c).toBeLessThanOrEqual(2 * py);
  });
});
