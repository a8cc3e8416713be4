"""The sampling profiler of `apc profile --mode sample`.

Owns: taking stack samples of every thread of the program at a fixed interval
and adding them (root first, as function ids) to the collector. Does not own
types, call counts or edges (calltracer.py, decorator.py).

Why a thread and not `sys.setprofile` with a cheap counter: measured with
`node benchmarks/profiler-overhead.mjs --repeat 5` (CPython 3.11.7, a 5 s
CPU-bound program mixing recursion, float loops and dict work, min of 5
interleaved runs on a shared 2-core machine): the sampling thread made the
program 1.2% slower (wall 1.7%, startup included), while a setprofile hook that
only counts events and keeps every 1000th stack made it 3.4x slower (+237%):
every Python call and return, and every call into C, goes through a
Python-level callback. The thread costs nothing between samples; a sample is
one GIL hand-off plus a walk of each thread's frames. `SetprofileSampler`
stays here so the benchmark keeps measuring the alternative
(`--sampler setprofile`).

The interval is wall-clock: a thread blocked in I/O or sleep is sampled where
it waits. The GIL bounds the real rate: a waiting thread gets the GIL after
the switch interval (5 ms by default), so the default 5 ms sleep gives about
100 samples/s (1 ms gives ~150/s for twice the hand-offs). Each hand-off
costs the program a thread switch, which is cheap on an idle machine and
up to milliseconds on an overloaded one, hence the moderate default. Each
sample is weighted by the time since the previous one, so a long C call that
held the GIL still counts for its duration.
"""

import sys
import threading
import time

from .collector import is_program_root


class SamplerThread(threading.Thread):
    def __init__(self, collector, interval, ignore_idents=()):
        super().__init__(name="apc-tracer-sampler", daemon=True)
        self.collector = collector
        self.interval = interval
        self.ignore = set(ignore_idents)
        self._running = True

    def run(self):
        me = threading.get_ident()
        collector = self.collector
        frame_function = collector.frame_function
        is_helper_code = collector.is_helper_code
        add_sample = collector.add_sample
        current_frames = sys._current_frames
        perf_counter = time.perf_counter
        sleep = time.sleep
        interval = self.interval
        ignore = self.ignore
        last = perf_counter()
        while self._running:
            sleep(interval)
            if not self._running:
                break
            now = perf_counter()
            weight = now - last
            last = now
            for ident, frame in current_frames().items():
                if ident == me or ident in ignore:
                    continue
                frames = []
                while frame is not None:
                    if not is_helper_code(frame.f_code):
                        frames.append(frame)
                    frame = frame.f_back
                # Only stacks of the program: not the helper starting it or
                # formatting its traceback.
                if frames and is_program_root(frames[-1]):
                    add_sample(tuple([frame_function(f).id for f in reversed(frames)]), weight)

    def stop(self):
        self._running = False
        self.join(timeout=5)


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
