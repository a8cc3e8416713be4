"""The sampling profiler of `apc profile --mode sample`.

Owns: taking stack samples of every thread of the program at a fixed interval
and adding them (root first, as function ids) to the collector. Does not own
types, call counts or edges (calltracer.py, decorator.py).

Why a thread and not `sys.setprofile` with a cheap counter: measured with
`node benchmarks/profiler-overhead.mjs --repeat 5` (CPython 3.11.7, a 5 s
CPU-bound program mixing recursion, float loops and dict work, 5 interleaved
runs per configuration on a 2-core machine): the sampling thread made the
program 0.5% slower (min; median 0.4%), while a setprofile hook that only
counts events and keeps every 1000th stack made it 3.4x slower (+237%):
every Python call and return, and every call into C, goes through a
Python-level callback. The thread costs nothing between samples; a sample is
one GIL hand-off plus a walk of each thread's frames. The hand-off is the
weak spot: when other processes keep the cores busy, the program waits for
the sampler thread to be scheduled (one earlier session with a competing
process measured 1.0% on the min but 10.8% on the median). `SignalSampler`
(SIGPROF, no hand-off) measured -0.3% with twice the samples and does not
suffer from that, but it samples CPU time only and takes a signal the
program may use, so it stays an option (`--sampler signal`), as does the
setprofile hook (`--sampler setprofile`) so the benchmark keeps measuring it.

The interval is wall-clock: a thread blocked in I/O or sleep is sampled where
it waits. The GIL bounds the real rate: a waiting thread gets the GIL after
the switch interval (5 ms by default), so the default 5 ms sleep gives about
100 samples/s (1 ms gives ~150/s for twice the hand-offs). Each hand-off
costs the program a thread switch, which is cheap on an idle machine and
up to milliseconds on an overloaded one, hence the moderate default. Each
sample is weighted by the time since the previous one, so a long C call that
held the GIL still counts for its duration.
"""

import signal
import sys
import threading
import time

from .collector import is_program_root


def sample_threads(collector, weight, skip_idents):
    """Add one sample of every thread's stack (but `skip_idents`), keeping
    only stacks of the program: not the helper starting it or formatting its
    traceback, and without the helper's frames in between."""
    is_helper_code = collector.is_helper_code
    frame_function = collector.frame_function
    for ident, frame in sys._current_frames().items():
        if ident in skip_idents:
            continue
        frames = []
        while frame is not None:
            if not is_helper_code(frame.f_code):
                frames.append(frame)
            frame = frame.f_back
        if frames and is_program_root(frames[-1]):
            collector.add_sample(tuple([frame_function(f).id for f in reversed(frames)]), weight)


class SamplerThread(threading.Thread):
    def __init__(self, collector, interval, ignore_idents=()):
        super().__init__(name="apc-tracer-sampler", daemon=True)
        self.collector = collector
        self.interval = interval
        self.ignore = set(ignore_idents)
        self._running = True

    def run(self):
        skip = self.ignore | {threading.get_ident()}
        perf_counter = time.perf_counter
        sleep = time.sleep
        interval = self.interval
        last = perf_counter()
        while self._running:
            sleep(interval)
            if not self._running:
                break
            now = perf_counter()
            sample_threads(self.collector, now - last, skip)
            last = now

    def stop(self):
        self._running = False
        self.join(timeout=5)


class SignalSampler:
    """A measured alternative (`--sampler signal`): SIGPROF from an
    ITIMER_PROF timer every `interval` seconds of process CPU time; the
    handler runs in the main thread between bytecodes and samples every
    thread. No thread hand-off per sample, but it samples CPU time only (a
    program waiting on I/O is not sampled), takes SIGPROF from the program,
    and interrupts system calls (retried by Python, not always by C code)."""

    def __init__(self, collector, interval, ignore_idents=()):
        self.collector = collector
        self.interval = interval
        self.ignore = set(ignore_idents)
        self._last = time.perf_counter()
        self._previous = None

    def _handler(self, signum, frame):
        now = time.perf_counter()
        sample_threads(self.collector, now - self._last, self.ignore)
        self._last = now

    def start(self):
        self._last = time.perf_counter()
        self._previous = signal.signal(signal.SIGPROF, self._handler)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)

    def stop(self):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, self._previous or signal.SIG_DFL)


class SetprofileSampler:
    """The rejected alternative, kept for the overhead benchmark: a profile
    hook counting events and keeping every `every`-th stack."""

    def __init__(self, collector, every=1000):
        self.collector = collector
        self.every = every
        self._n = 0
        self._last = time.perf_counter()

    def _hook(self, frame, event, arg):
        self._n += 1
        if self._n % self.every:
            return
        now = time.perf_counter()
        weight = now - self._last
        self._last = now
        stack = []
        while frame is not None:
            info = self.collector.frame_function(frame)
            if info is not None:
                stack.append(info.id)
            frame = frame.f_back
        if stack:
            stack.reverse()
            self.collector.add_sample(tuple(stack), weight)

    def start(self):
        sys.setprofile(self._hook)
        threading.setprofile(self._hook)

    def stop(self):
        sys.setprofile(None)
        threading.setprofile(None)
