"""`from compiler.tracer import trace`: the @trace decorator of apc_tracer
(see apc_tracer/decorator.py), under the name the seed plan gives it."""

from apc_tracer.decorator import trace

__all__ = ["trace"]
