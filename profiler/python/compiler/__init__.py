"""Python-side helpers of apc importable as `compiler.*` (the seed plan's
`compiler.tracer.trace`). Only a shim: the code lives in apc_tracer."""
