"""Run the user's program under the profiler, as `python script.py` would.

Owns: setting up sys.argv and sys.path[0] like CPython does for a script or
`-m module`, starting the sampler (both modes: the flame graph comes from
samples), the call tracer (trace mode) and the periodic flusher, catching the
program's end (return, SystemExit, exception, KeyboardInterrupt from the
SIGINT `apc profile --timeout` sends) and writing the final snapshot with the
exit status and traceback. The helper exits with the program's status and
prints its traceback as CPython would (minus the helper's own frames).

Does not own observation (sampler.py, calltracer.py, decorator.py) or the
snapshot format (collector.py).
"""

import argparse
import os
import runpy
import signal
import sys
import traceback

from .calltracer import CallTracer
from .collector import COLLECTOR, Flusher, is_helper_file
from .sampler import SamplerThread, SetprofileSampler, SignalSampler


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m apc_tracer", description="apc's profiler helper")
    parser.add_argument("--out", required=True, help="snapshot file to write")
    parser.add_argument("--mode", choices=("sample", "trace"), default="sample")
    parser.add_argument("--interval", type=float, default=0.005, help="sampling interval in seconds")
    parser.add_argument("--flush", type=float, default=1.0, help="seconds between partial snapshots")
    parser.add_argument("--sampler", choices=("thread", "signal", "setprofile", "none"), default="thread")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--script")
    target.add_argument("--module")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    opts = parser.parse_args(argv)
    if opts.sampler == "setprofile" and opts.mode == "trace":
        parser.error("--sampler setprofile works in sample mode only (trace mode owns the profile hook)")
    if opts.args and opts.args[0] == "--":
        opts.args = opts.args[1:]
    return opts


def _user_traceback(exc):
    """The traceback CPython would print, without the helper's frames (those
    that started the program and the SIGINT handler that stopped it)."""
    report = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    kept = [entry for entry in report.stack if not is_helper_file(entry.filename)]
    report.stack = traceback.StackSummary.from_list(kept)
    return "".join(report.format())


def _run_program(opts):
    if opts.script:
        script = os.path.abspath(opts.script)
        sys.argv = [opts.script, *opts.args]
        sys.path[0] = os.path.dirname(script)
        runpy.run_path(script, run_name="__main__")
    else:
        sys.argv = [opts.module, *opts.args]
        sys.path[0] = os.getcwd()
        runpy.run_module(opts.module, run_name="__main__", alter_sys=True)


def main(argv):
    opts = parse_args(argv)
    collector = COLLECTOR
    collector.configure(opts.mode, opts.out, opts.interval)

    def on_sigint(signum, frame):
        # Flush first: the program may swallow the KeyboardInterrupt, and then
        # `apc profile` kills it after a grace period.
        collector.write(complete=False)
        raise KeyboardInterrupt

    # Installed before anything else, so a SIGINT that comes early (a timeout
    # on a slow machine) still ends in the except clauses below.
    signal.signal(signal.SIGINT, on_sigint)
    flusher = sampler = tracer = None
    status, exception, trace_text = 0, None, None
    try:
        # A first (empty) snapshot: from here on a run always leaves one, even
        # if the program ends by os._exit() before the first periodic flush.
        collector.write(complete=False)
        flusher = Flusher(collector, opts.flush)
        flusher.start()
        if opts.sampler == "thread":
            sampler = SamplerThread(collector, opts.interval, {flusher.ident})
            sampler.start()
        elif opts.sampler == "signal":
            sampler = SignalSampler(collector, opts.interval, {flusher.ident})
            sampler.start()
        elif opts.sampler == "setprofile":
            sampler = SetprofileSampler(collector)
            sampler.start()
        if opts.mode == "trace":
            tracer = CallTracer(collector)
            tracer.start()
        _run_program(opts)
    except SystemExit as exc:
        code = exc.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code
        else:
            sys.stderr.write(f"{code}\n")
            status = 1
    except KeyboardInterrupt as exc:
        status, exception, trace_text = 130, "KeyboardInterrupt", _user_traceback(exc)
    except BaseException as exc:
        status, exception, trace_text = 1, type(exc).__name__, _user_traceback(exc)
    finally:
        # The program is over: a late SIGINT must not cut the final write short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if sampler is not None:
            sampler.stop()
        if tracer is not None:
            tracer.stop()
    if flusher is not None:
        flusher.stop()
    collector.exit = {"status": status, "exception": exception, "traceback": trace_text}
    collector.write(complete=True)
    if trace_text:
        sys.stderr.write(trace_text)
    try:
        sys.stdout.flush()
    except Exception:
        pass
    return status
