# Runs a benchmark program under Numba the way `apc bench` defines it: every plain
# module-level function is replaced by numba.njit of itself, and a function that
# Numba cannot compile falls back to the pure-Python function (so the program still
# runs and prints the same thing). JIT compilation happens inside the run and counts
# in its time, as a user experiences it.
#
# Usage: python3 numba_host.py PROGRAM.py [ARGS...]
# The program sees sys.argv == [PROGRAM.py, ARGS...] and __name__ == "__main__".
# When APC_BENCH_NUMBA_REPORT names a file, a JSON object is written there at exit:
#   {"compiled": [names Numba compiled, called from Python or from jitted code],
#    "fallback": {name: first line of Numba's error}, "uncalled": [names never run]}
#
# How the fallback works: jitted code must find Numba dispatchers in its globals to
# call other jitted functions, so each jit twin gets its own globals dict (`jit_ns`)
# holding the dispatchers plus the module's other values. The program's own code
# (module statements and fallback functions) runs in `py_ns`, where each function
# name is bound to a boundary that calls the dispatcher and, on a Numba compile
# error, records it and calls the Python function instead. Numba compiles (and
# fails) before the call's body runs, so falling back never repeats a side effect.
# A compile error is a NumbaError, or any exception raised from inside Numba's own
# Python code (reflecting nested lists), or the dispatcher's refusal to type an
# argument (an empty list has no element type); an exception that the native code raises (ZeroDivisionError, IndexError) carries no Numba frame and
# propagates as the program's own error.

import ast
import atexit
import functools
import json
import os
import sys
import types
import warnings

import numba
from numba.core.errors import NumbaError

NUMBA_DIR = os.path.dirname(os.path.abspath(numba.__file__)) + os.sep
# raised by the dispatcher's C code while typing the arguments, before any compile
DISPATCH_ERRORS = ("cannot compute fingerprint", "cannot determine Numba type")

for category in ("NumbaDeprecationWarning", "NumbaPendingDeprecationWarning", "NumbaPerformanceWarning"):
    cls = getattr(numba.core.errors, category, None)
    if cls is not None:
        warnings.simplefilter("ignore", category=cls)


def summarize_error(err: BaseException, program: str) -> str:
    """One line from Numba's many: its first message line, the signature it could
    not type (">>> int(unicode_type)") and the program line it points at."""
    lines = [line.strip() for line in str(err).strip().splitlines()]
    lines = [line for line in lines if line and not line.startswith("Failed in nopython mode pipeline")]
    summary = f"{type(err).__name__}: {lines[0] if lines else ''}".rstrip(": ")
    signature = next((line for line in lines if line.startswith(">>>")), None)
    if signature:
        summary += " " + signature
    # Numba names the file relative to the working directory: match the base name
    mine = os.path.basename(program) + '", line '
    where = next((line for line in lines if line.startswith("File ") and mine in line), None)
    if where:
        summary += " (line " + where.rsplit(", line ", 1)[1].rstrip(":") + ")"
    return summary[:300]


def raised_by_numba(err: BaseException) -> bool:
    if isinstance(err, NumbaError):
        return True
    if isinstance(err, (ValueError, TypeError)) and str(err).startswith(DISPATCH_ERRORS):
        return True
    tb = err.__traceback__
    tb = tb.tb_next if tb is not None else None  # skip the boundary's own frame
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename).startswith(NUMBA_DIR):
            return True
        tb = tb.tb_next
    return False


def main() -> None:
    if len(sys.argv) < 2:
        sys.stderr.write("usage: numba_host.py PROGRAM.py [ARGS...]\n")
        sys.exit(2)
    program = sys.argv[1]
    with open(program, encoding="utf8") as f:
        source = f.read()
    tree = ast.parse(source, filename=program)
    sys.argv = [program] + sys.argv[2:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(program)))

    py_ns = {"__name__": "__main__", "__file__": program, "__builtins__": __builtins__}
    jit_ns = {"__name__": "__main__", "__file__": program, "__builtins__": __builtins__}
    python_functions = {}
    dispatchers = {}
    fallback = {}

    def boundary(name):
        pyfunc = python_functions[name]

        @functools.wraps(pyfunc)
        def call(*args, **kwargs):
            if name in fallback:
                return pyfunc(*args, **kwargs)
            try:
                return dispatchers[name](*args, **kwargs)
            except Exception as err:
                if not raised_by_numba(err):
                    raise
                fallback[name] = summarize_error(err, program)
                return pyfunc(*args, **kwargs)

        return call

    def sync_values():
        # module values (constants, imports) as the jitted code will see them
        for key, value in py_ns.items():
            if key not in dispatchers:
                jit_ns[key] = value

    def write_report():
        path = os.environ.get("APC_BENCH_NUMBA_REPORT")
        if not path:
            return
        compiled = sorted(n for n, d in dispatchers.items() if d.signatures and n not in fallback)
        report = {
            "compiled": compiled,
            "fallback": fallback,
            "uncalled": sorted(n for n in dispatchers if n not in compiled and n not in fallback),
        }
        with open(path, "w", encoding="utf8") as out:
            json.dump(report, out)

    atexit.register(write_report)

    for stmt in tree.body:
        code = compile(ast.Module(body=[stmt], type_ignores=[]), program, "exec")
        exec(code, py_ns)
        if isinstance(stmt, ast.FunctionDef) and not stmt.decorator_list:
            name = stmt.name
            pyfunc = py_ns[name]
            python_functions[name] = pyfunc
            twin = types.FunctionType(pyfunc.__code__, jit_ns, name, pyfunc.__defaults__, pyfunc.__closure__)
            dispatchers[name] = numba.njit(twin)
            jit_ns[name] = dispatchers[name]
            py_ns[name] = boundary(name)
        else:
            sync_values()
        sys.stdout.flush()


main()
