"""What one profiled run has observed, and writing it out.

Owns: the function registry (one entry per code object: module, qualified
name, file, first and last line, a hash of its source), per-function call
counts and times, observed signatures with counts and times, call edges with
counts, aggregated stack samples, and the snapshot file the TypeScript side
reads (profiler/helper-output.ts parses it; keep the two in step).

Does not own how observations are made: sampler.py walks stacks,
calltracer.py sees every call, decorator.py sees chosen functions.

Snapshot (JSON, written whole to a temporary file and renamed over the old
one, so a reader never sees half a file):
  format      "apc-trace/1"
  complete    false for the periodic flushes, true for the last one
  mode, python, executable, pid, started_at (epoch s), duration_s
  sample_interval_s, sample_count
  exit        null, or {status, exception, traceback} once the program ended
  functions   [{id, module, qualname, file, line, end_line, source_hash,
                params, calls, self_s, total_s, traced}]
  signatures  [{function, args: [type...], ret, calls, total_s}]
  edges       [{caller, callee, calls}]
  samples     [{stack: [function id, root first], count, weight_s}]
"""

import hashlib
import json
from operator import itemgetter
import linecache
import os
import runpy
import sys
import threading
import time

FORMAT = "apc-trace/1"
HELPER_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

_VARARGS = 0x04
_VARKEYWORDS = 0x08


_RUNPY_FILES = {"<frozen runpy>", runpy.__file__}
# The frame that exec()s the user's module (runpy.run_path and run_module).
_RUN_CODE = runpy._run_code.__code__


def is_helper_file(filename):
    """Frames of the helper itself and of runpy are not the user's program."""
    return filename.startswith(HELPER_DIR) or filename in _RUNPY_FILES


def is_program_root(frame):
    """The outermost frame of the user's program on some thread: its module
    body (exec'd by runpy) or a thread's first frame. Calls the helper and
    runpy make on their own (imports, path handling, formatting a traceback)
    hang below helper frames and are not the program's."""
    back = frame.f_back
    return back is None or back.f_code is _RUN_CODE


_GENERATOR_FLAGS = ((0x20, "Generator"), (0x80, "Coroutine"), (0x200, "AsyncGenerator"))


def generator_kind(code):
    for flag, kind in _GENERATOR_FLAGS:
        if code.co_flags & flag:
            return kind
    return None


def _arguments_getter(params):
    """locals -> tuple of the parameters' values (KeyError when one is unbound)."""
    if not params:
        return lambda local: ()
    if len(params) == 1:
        one = itemgetter(params[0])
        return lambda local: (one(local),)
    return itemgetter(*params)


def param_names(code):
    n = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & _VARARGS:
        n += 1
    if code.co_flags & _VARKEYWORDS:
        n += 1
    return code.co_varnames[:n]


class FunctionInfo:
    __slots__ = (
        "id", "code", "module", "qualname", "file", "line", "params", "arg_getter", "generator_kind",
        "calls", "self_s", "total_s", "active", "traced", "_end_line", "_hash",
    )

    def __init__(self, fid, code, module):
        self.id = fid
        self.code = code
        self.module = module
        self.qualname = getattr(code, "co_qualname", code.co_name)
        self.file = code.co_filename
        self.line = code.co_firstlineno
        self.params = param_names(code)
        self.arg_getter = _arguments_getter(self.params)
        self.generator_kind = generator_kind(code)
        self.calls = 0
        self.self_s = 0.0
        self.total_s = 0.0
        self.active = 0  # frames of this function on the stack (recursion counts once in total_s)
        self.traced = False
        self._end_line = None
        self._hash = None

    def end_line(self):
        if self._end_line is None:
            last = self.line
            for _, _, line in self.code.co_lines():
                if line is not None and line > last:
                    last = line
            self._end_line = last
        return self._end_line

    def source_hash(self):
        if self._hash is None:
            lines = [linecache.getline(self.file, n) for n in range(self.line, self.end_line() + 1)]
            text = "".join(lines) if any(lines) else f"{self.file}:{self.line}:{self.qualname}"
            self._hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self._hash


class Collector:
    def __init__(self, mode, out_path=None, sample_interval=0.0):
        self.mode = mode
        self.out_path = out_path
        self.sample_interval = sample_interval
        self.started_at = time.time()
        self._t0 = time.perf_counter()
        self.functions = {}  # code -> FunctionInfo, or None for helper code
        self._helper_codes = {}  # code -> bool
        self._infos = []
        self.signatures = {}  # (fid, args tuple, ret) -> [calls, total_s]
        self.edges = {}  # (caller fid, callee fid) -> calls
        self.samples = {}  # tuple of fids -> [count, weight_s]
        self.sample_count = 0
        self.full_trace_active = False
        # Callables returning the frames still running, one list per thread
        # (root first) of (FunctionInfo, start, child time): a partial
        # snapshot counts their time so far.
        self.open_frame_sources = []
        self.exit = None
        self.pid = os.getpid()
        self._register_lock = threading.Lock()
        self._write_lock = threading.RLock()

    def configure(self, mode, out_path, sample_interval):
        self.pid = os.getpid()
        self.mode = mode
        self.out_path = out_path
        self.sample_interval = sample_interval
        self.started_at = time.time()
        self._t0 = time.perf_counter()

    # -- registry ---------------------------------------------------------

    def function_for(self, code, module):
        """The FunctionInfo of a code object, or None for the helper's own code."""
        try:
            return self.functions[code]
        except KeyError:
            pass
        with self._register_lock:
            if code in self.functions:
                return self.functions[code]
            if is_helper_file(code.co_filename):
                info = None
            else:
                info = FunctionInfo(len(self._infos), code, module)
                self._infos.append(info)
            self.functions[code] = info
            return info

    def is_helper_code(self, code):
        helper = self._helper_codes.get(code)
        if helper is None:
            helper = self._helper_codes[code] = is_helper_file(code.co_filename)
        return helper

    def frame_function(self, frame):
        code = frame.f_code
        info = self.functions.get(code, False)
        if info is False:
            info = self.function_for(code, frame.f_globals.get("__name__", "?"))
        return info

    # -- observations -----------------------------------------------------

    def add_signature(self, fid, args, ret, elapsed):
        key = (fid, args, ret)
        entry = self.signatures.get(key)
        if entry is None:
            self.signatures[key] = [1, elapsed]
        else:
            entry[0] += 1
            entry[1] += elapsed

    def add_edge(self, caller, callee):
        key = (caller, callee)
        self.edges[key] = self.edges.get(key, 0) + 1

    def add_sample(self, stack, weight):
        entry = self.samples.get(stack)
        if entry is None:
            self.samples[stack] = [1, weight]
        else:
            entry[0] += 1
            entry[1] += weight
        self.sample_count += 1

    # -- output -----------------------------------------------------------

    def _open_frame_times(self, now):
        """Self and total seconds of frames that have not returned yet."""
        extra_self, extra_total = {}, {}
        for source in list(self.open_frame_sources):
            for stack in source():
                elapsed = [now - start for _, start, _ in stack]
                seen = set()
                for i, (info, _, child) in enumerate(stack):
                    inner = elapsed[i + 1] if i + 1 < len(stack) else 0.0
                    extra_self[info.id] = extra_self.get(info.id, 0.0) + elapsed[i] - child - inner
                    if info.id not in seen:
                        seen.add(info.id)
                        extra_total[info.id] = extra_total.get(info.id, 0.0) + elapsed[i]
        return extra_self, extra_total

    def snapshot(self, complete):
        infos = list(self._infos)
        extra_self, extra_total = self._open_frame_times(time.perf_counter())
        return {
            "format": FORMAT,
            "complete": complete,
            "mode": self.mode,
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "pid": os.getpid(),
            "started_at": self.started_at,
            "duration_s": time.perf_counter() - self._t0,
            "sample_interval_s": self.sample_interval,
            "sample_count": self.sample_count,
            "exit": self.exit,
            "functions": [
                {
                    "id": f.id,
                    "module": f.module,
                    "qualname": f.qualname,
                    "file": f.file,
                    "line": f.line,
                    "end_line": f.end_line(),
                    "source_hash": f.source_hash(),
                    "params": list(f.params),
                    "calls": f.calls,
                    "self_s": f.self_s + extra_self.get(f.id, 0.0),
                    "total_s": f.total_s + extra_total.get(f.id, 0.0),
                    "traced": f.traced,
                }
                for f in infos
            ],
            "signatures": [
                {"function": fid, "args": list(args), "ret": ret, "calls": v[0], "total_s": v[1]}
                for (fid, args, ret), v in list(self.signatures.items())
            ],
            "edges": [{"caller": a, "callee": b, "calls": n} for (a, b), n in list(self.edges.items())],
            "samples": [{"stack": list(s), "count": v[0], "weight_s": v[1]} for s, v in list(self.samples.items())],
        }

    def write(self, complete=False):
        """Write a snapshot atomically; a no-op without an output path, and in
        a forked child (the parent owns the file)."""
        if not self.out_path or os.getpid() != self.pid:
            return
        with self._write_lock:
            data = self.snapshot(complete)
            tmp = f"{self.out_path}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            os.replace(tmp, self.out_path)


class Flusher(threading.Thread):
    """Writes a partial snapshot every `period` seconds, so a run that is
    killed (timeout, SIGKILL) still leaves its profile up to the last flush."""

    def __init__(self, collector, period):
        super().__init__(name="apc-tracer-flush", daemon=True)
        self.collector = collector
        self.period = period
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.period):
            try:
                self.collector.write(complete=False)
            except Exception as exc:  # a failed flush must not stop the program
                sys.stderr.write(f"apc tracer: flush failed: {exc}\n")

    def stop(self):
        self._stop_event.set()
        self.join(timeout=5)


# The process-wide collector. The runner configures it to write to the run's
# output file; @trace used outside `apc profile` records into it too, and
# decorator.py writes it at exit when APC_TRACE_OUT names a file.
COLLECTOR = Collector("decorator", os.environ.get("APC_TRACE_OUT"))
