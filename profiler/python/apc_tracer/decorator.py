"""`@trace`: trace chosen functions only.

Owns: the decorator importable as `apc_tracer.trace` and `compiler.tracer.trace`.
A decorated function records what full trace mode records for it (calls, self
and total time, argument and return types per call, its callers), at a cost
of about 1.2 us per call plus ~0.5 us per container argument (measured by
benchmarks/profiler-overhead.mjs: +3.0% on a function doing 81 us of work per
call, +15% on one doing 16 us), and nothing for any other function.

    from compiler.tracer import trace

    @trace
    def kernel(xs, scale): ...

Under `apc profile` the observations go into that run's profile (in sample
mode the decorated functions get types and counts; the rest only samples).
Elsewhere, set APC_TRACE_OUT=FILE to have them written there at exit in the
snapshot format of collector.py. When full trace mode is on, the decorator
steps aside (the trace hook already sees the call).

Self time excludes time in other @trace functions called from this one.
A call ending by an exception records return type "!ExceptionName".
Does not own naming types (typenames.py) or writing (collector.py).
"""

import atexit
import functools
import sys
import threading
import time

from . import collector as _collector
from .typenames import type_name, type_names

_local = threading.local()  # .stack: child time of the active traced calls of this thread
_exit_hook_installed = False
_UNSEEN = object()


def _install_exit_writer(collector):
    global _exit_hook_installed
    if not _exit_hook_installed and collector.mode == "decorator" and collector.out_path:
        _exit_hook_installed = True
        atexit.register(lambda: collector.write(complete=True))


class _ArgumentTypes:
    """Types of a call's arguments in parameter order, defaults included."""

    def __init__(self, fn):
        code = fn.__code__
        self.n_positional = code.co_argcount
        self.positional = code.co_varnames[: code.co_argcount]
        self.kwonly = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
        self.has_varargs = bool(code.co_flags & 0x04)
        self.has_varkw = bool(code.co_flags & 0x08)
        defaults = fn.__defaults__ or ()
        self.defaults = dict(zip(self.positional[len(self.positional) - len(defaults) :], defaults))
        self.defaults.update(fn.__kwdefaults__ or {})
        # Calls of a simple function with every argument given by position
        # take the fast path in `trace`.
        self.simple = not self.kwonly and not self.has_varargs and not self.has_varkw

    def of(self, args, kwargs):
        names = []
        for i, name in enumerate(self.positional):
            if i < len(args):
                names.append(type_name(args[i]))
            elif name in kwargs:
                names.append(type_name(kwargs[name]))
            else:
                names.append(type_name(self.defaults[name]) if name in self.defaults else "unbound")
        for name in self.kwonly:
            value = kwargs[name] if name in kwargs else self.defaults.get(name)
            names.append(type_name(value) if name in kwargs or name in self.defaults else "unbound")
        if self.has_varargs:
            names.append(type_name(tuple(args[self.n_positional :])))
        if self.has_varkw:
            known = set(self.positional) | set(self.kwonly)
            names.append(type_name({k: v for k, v in kwargs.items() if k not in known}))
        return tuple(names)


def trace(fn=None):
    """Record calls, times, argument/return types and callers of `fn`.
    Works as @trace and @trace()."""
    if fn is None:
        return trace
    if not hasattr(fn, "__code__"):
        raise TypeError(f"@trace decorates Python functions, not {type(fn).__name__}; put it below @staticmethod or @classmethod")
    col = _collector.COLLECTOR
    info = col.function_for(fn.__code__, fn.__module__)
    if info is None:  # the helper's own code
        return fn
    info.traced = True
    fid = info.id
    arg_types = _ArgumentTypes(fn)
    simple, n_positional = arg_types.simple, arg_types.n_positional
    functions, signatures, edges = col.functions, col.signatures, col.edges
    perf_counter = time.perf_counter
    get_frame = sys._getframe
    local = _local
    _install_exit_writer(col)

    # The hot path: about a microsecond per call. Everything it touches is
    # bound above; the collector's dicts are updated in place.
    @functools.wraps(fn)
    def traced(*args, **kwargs):
        if col.full_trace_active:
            return fn(*args, **kwargs)
        args_key = type_names(args) if simple and not kwargs and len(args) == n_positional else arg_types.of(args, kwargs)
        caller_frame = get_frame(1)
        caller = functions.get(caller_frame.f_code, _UNSEEN)
        if caller is _UNSEEN:
            caller = col.frame_function(caller_frame)
        try:
            stack = local.stack
        except AttributeError:
            stack = local.stack = []
        stack.append(0.0)
        info.active += 1
        ret = "!raise"
        start = perf_counter()
        try:
            result = fn(*args, **kwargs)
            ret = None
            return result
        except BaseException as exc:
            ret = "!" + type(exc).__name__
            raise
        finally:
            elapsed = perf_counter() - start
            child = stack.pop()
            if stack:
                stack[-1] += elapsed
            info.calls += 1
            info.self_s += elapsed - child
            info.active -= 1
            if info.active == 0:
                info.total_s += elapsed
            key = (fid, args_key, type_name(result) if ret is None else ret)
            entry = signatures.get(key)
            if entry is None:
                signatures[key] = [1, elapsed]
            else:
                entry[0] += 1
                entry[1] += elapsed
            if caller is not None:
                edge = (caller.id, fid)
                edges[edge] = edges.get(edge, 0) + 1

    traced.__apc_traced__ = True
    return traced
