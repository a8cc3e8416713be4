"""Full trace mode (`apc profile --mode trace`): every Python call.

Owns: a `sys.setprofile` hook (installed in every thread) that records, per
function, call count, self and total time, the types of its arguments and of
its return value per call, and caller -> callee edges. Does not own naming
types (typenames.py) or the output (collector.py).

Cost (benchmarks/profiler-overhead.mjs): a Python-level hook runs on every
call, return and call into C, and CPython must build a frame object and a
locals dict for it: about 3-4 us per Python call. The mixed CPU-bound
benchmark runs 8.7x slower; pure recursion (fib) up to ~60x; loops without
calls barely slower. Use @trace (decorator.py) to type a few hot functions
cheaply.

Details a reader of the numbers should know:
- Self time excludes time in traced callees; time in C functions counts as
  the caller's self time. The hook's own cost lands in the caller's self time,
  so many small calls look more expensive than they are.
- Recursive functions count their outermost frame in total time only.
- A call that ends by an exception has return type "!raise" (setprofile does
  not show which exception; @trace does: "!ValueError").
- A generator (or coroutine) call is counted once, at its first resume; its
  return type is Generator[T] with T the type of the first value yielded,
  and the time of that signature is its first run until it yields.
  Later resumes add to the function's self and total time, not to calls.
- The helper's own frames are not traced and never appear as callers, and
  nothing is recorded outside the user's module body and its threads.
"""

import dis
import sys
import threading
import time

from .collector import is_program_root
from .typenames import type_name, type_names

_RETURN_OPS = {dis.opmap[name] for name in ("RETURN_VALUE", "RETURN_CONST") if name in dis.opmap}
_YIELD_VALUE = dis.opmap["YIELD_VALUE"]
_UNSEEN = object()


def _unbound_safe_types(info, local):
    return tuple([type_name(local[name]) if name in local else "unbound" for name in info.params])


def make_thread_hook(collector):
    """The profile hook of one thread and its stack of active frames
    ([frame, info, start, child time, argument types or None])."""
    stack = []
    functions = collector.functions
    frame_function = collector.frame_function
    signatures = collector.signatures
    edges = collector.edges
    perf_counter = time.perf_counter

    def hook(frame, event, arg):
        if event == "call":
            if not stack and not is_program_root(frame):
                return
            code = frame.f_code
            info = functions.get(code, _UNSEEN)
            if info is _UNSEEN:
                info = frame_function(frame)
            if info is None:
                return
            kind = info.generator_kind
            # A generator's first resume (RESUME with oparg 0) is its call; later resumes are not.
            if kind is None or code.co_code[frame.f_lasti + 1] & 3 == 0:
                info.calls += 1
                local = frame.f_locals
                try:
                    args = type_names(info.arg_getter(local))
                except KeyError:
                    args = _unbound_safe_types(info, local)
                if stack:
                    edge = (stack[-1][1].id, info.id)
                    edges[edge] = edges.get(edge, 0) + 1
            else:
                args = None
            info.active += 1
            stack.append([frame, info, perf_counter(), 0.0, args])
        elif event == "return":
            now = perf_counter()
            if not stack or stack[-1][0] is not frame:
                return
            _, info, start, child, args = stack.pop()
            elapsed = now - start
            if stack:
                stack[-1][3] += elapsed
            info.self_s += elapsed - child
            info.active -= 1
            if info.active == 0:
                info.total_s += elapsed
            if args is not None:
                op = frame.f_code.co_code[frame.f_lasti]
                kind = info.generator_kind
                if op in _RETURN_OPS:
                    ret = type_name(arg) if kind is None else kind
                elif kind is not None and op == _YIELD_VALUE:
                    ret = f"{kind}[{type_name(arg)}]"
                else:
                    ret = "!raise"
                key = (info.id, args, ret)
                entry = signatures.get(key)
                if entry is None:
                    signatures[key] = [1, elapsed]
                else:
                    entry[0] += 1
                    entry[1] += elapsed

    return hook, stack


class CallTracer:
    """Installs a hook in the current thread and in threads started later."""

    def __init__(self, collector):
        self.collector = collector
        self.main_hook, main_stack = make_thread_hook(collector)
        self.stacks = [main_stack]

    def open_frames(self):
        return [[(entry[1], entry[2], entry[3]) for entry in list(stack)] for stack in list(self.stacks)]

    def _new_thread(self, frame, event, arg):
        hook, stack = make_thread_hook(self.collector)
        self.stacks.append(stack)
        sys.setprofile(hook)
        hook(frame, event, arg)

    def start(self):
        self.collector.full_trace_active = True
        self.collector.open_frame_sources.append(self.open_frames)
        threading.setprofile(self._new_thread)
        sys.setprofile(self.main_hook)

    def stop(self):
        sys.setprofile(None)
        threading.setprofile(None)
        self.collector.full_trace_active = False
        self.collector.open_frame_sources.remove(self.open_frames)
