"""apc's profiler helper, shipped with apc and put on the child's PYTHONPATH by
`apc profile`. Owns the Python side of profiling: sampling (sampler.py), full
call tracing (calltracer.py), the @trace decorator (decorator.py), naming
types (typenames.py), the observations and their snapshot file
(collector.py), and running the user's program (runner.py). The TypeScript
side (profiler/) reads the snapshot, stores it, and analyses it."""

from .decorator import trace

__all__ = ["trace"]
