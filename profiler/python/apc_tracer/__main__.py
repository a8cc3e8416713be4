"""`python -m apc_tracer --out FILE [--mode sample|trace] (--script F | --module M) -- ARGS`:
the entry point `apc profile` starts (profiler/run-helper.ts). Owns only
checking the interpreter, handing over to runner.main and exiting with the
program's status."""

import sys

if sys.version_info < (3, 11):
    sys.exit(f"apc profile needs Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]} (pass --python PATH)")

from .runner import main  # noqa: E402  (after the version check: it needs 3.11's bytecode)

sys.exit(main(sys.argv[1:]))
