"""apc's runtime package for hybrid mode, installed by `apc optimize` into
the project's `.apc/build/apc/`.

`@apc.native` replaces a function by the native code apc compiled for it
(the `_apc_native` extension next to this file), keeping the original as
the fallback: a call whose arguments do not match the compiled signature
runs the Python function. If the extension is missing or was built for
another interpreter, every function stays Python (with one warning).

Environment (used by `apc optimize` to measure and to bisect):
  APC_NATIVE=0                    every function stays Python
  APC_NATIVE_ONLY=key,key         only these are native
  APC_NATIVE_DISABLE=key,key      these stay Python
  APC_NATIVE_STATS=FILE           at exit, write per-function call counts,
                                  fallbacks and seconds in native code (JSON)
  APC_NATIVE_MEASURE=python       (with APC_NATIVE_STATS) run every call as
                                  Python and count its seconds instead
A key is "path/relative/to/project.py:qualname".

Functions that tiers.json (next to this file) puts under "numba" are
compiled by Numba's @njit instead, with the same fallback: a call Numba
cannot type runs the Python function.
"""
import atexit
import json
import os
import sys
from pathlib import Path

__all__ = ["native"]

# <project>/.apc/build/apc/__init__.py
_ROOT = Path(__file__).resolve().parents[3]
_native = None
_wrapped = {}
_stats = {}  # Numba-tier functions: key -> [calls, fallbacks, seconds]


def _tiers():
    try:
        with open(Path(__file__).with_name("tiers.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


_TIERS = _tiers()


def _keys(var):
    value = os.environ.get(var)
    return None if value is None else {k for k in value.split(",") if k}


def _key(fn):
    file = Path(fn.__code__.co_filename).resolve()
    try:
        rel = file.relative_to(_ROOT).as_posix()
    except ValueError:
        rel = file.name
    return f"{rel}:{fn.__qualname__}"


def _load():
    global _native
    if _native is None:
        try:
            from . import _apc_native
        except ImportError as e:
            print(f"apc: native functions unavailable ({e}); running Python code", file=sys.stderr)
            _native = False
        else:
            _native = _apc_native
    return _native


def native(fn):
    """Run `fn` as the native code apc compiled for it, when the arguments
    match; otherwise as Python."""
    key = _key(fn)
    only, disabled = _keys("APC_NATIVE_ONLY"), _keys("APC_NATIVE_DISABLE") or set()
    if os.environ.get("APC_NATIVE") == "0" or key in disabled or (only is not None and key not in only):
        return fn
    if _TIERS.get(key) == "numba":
        return _numba(fn, key)
    m = _load()
    if not m:
        return fn
    wrapped = m.wrap(fn, key)
    if wrapped is not fn:
        _wrapped[key] = wrapped
    return wrapped


def _numba(fn, key):
    import functools
    import time
    import types

    try:
        import numba
        from numba.core.errors import TypingError
    except ImportError as e:
        print(f"apc: Numba unavailable ({e}); {key} runs as Python", file=sys.stderr)
        return fn
    counts = _stats.setdefault(key, [0, 0, 0.0])
    measure = bool(os.environ.get("APC_NATIVE_STATS"))
    as_python = measure and os.environ.get("APC_NATIVE_MEASURE") == "python"
    jitted = None
    refused = set()  # Numba types of argument lists Numba could not compile for
    depth = 0

    def dispatcher():
        # Made at the first call, when the module has defined everything the
        # function may use. Numba reads the globals of a copy of the function
        # in which its own name and every other Numba-tier function are Numba
        # dispatchers, so recursion and calls between them stay in Numba
        # instead of calling back into these wrappers.
        nonlocal jitted
        if jitted is None:
            env = dict(fn.__globals__)
            clone = types.FunctionType(fn.__code__, env, fn.__name__, fn.__defaults__, fn.__closure__)
            clone.__kwdefaults__ = fn.__kwdefaults__
            jitted = numba.njit(clone)  # compiles lazily: env may change until the first call
            for name, v in env.items():
                if v is call:
                    env[name] = jitted
                elif isinstance(v, types.FunctionType) and hasattr(v, "_apc_numba"):
                    env[name] = v._apc_numba()
        return jitted

    def signature(args, kwargs):
        # What a refusal is remembered by: the Numba types of the arguments
        # (None for keyword calls and values Numba has no type for).
        if kwargs:
            return None
        try:
            return tuple(numba.typeof(a) for a in args)
        except (ValueError, OverflowError, TypeError):
            return None

    def run(args, kwargs):
        # A call Numba cannot type (or whose ints do not fit in 64 bits) runs
        # as Python, and an argument list it refused is not tried again.
        if refused and signature(args, kwargs) in refused:
            counts[1] += 1
            return fn(*args, **kwargs)
        try:
            return (jitted or dispatcher())(*args, **kwargs)
        except (TypingError, OverflowError):
            refused.add(signature(args, kwargs))
            counts[1] += 1
            return fn(*args, **kwargs)

    inner = (lambda args, kwargs: fn(*args, **kwargs)) if as_python else run

    @functools.wraps(fn)
    def call(*args, **kwargs):
        nonlocal depth
        if not measure or depth:  # depth: a recursive call (as Python), part of the outermost one
            return inner(args, kwargs)
        counts[0] += 1
        depth += 1
        t0 = time.perf_counter()
        try:
            return inner(args, kwargs)
        finally:
            counts[2] += time.perf_counter() - t0
            depth -= 1

    call._apc_numba = dispatcher
    return call


def _write_stats():
    path = os.environ.get("APC_NATIVE_STATS")
    if not path:
        return
    stats = {key: {"calls": c, "fallbacks": f, "native_seconds": s} for key, (c, f, s) in _stats.items()}
    for key, fn in (_wrapped.items() if _native else ()):
        calls, fallbacks, seconds = _native.stats(fn)
        stats[key] = {"calls": calls, "fallbacks": fallbacks, "native_seconds": seconds}
    with open(path, "w") as f:
        json.dump(stats, f)


atexit.register(_write_stats)
