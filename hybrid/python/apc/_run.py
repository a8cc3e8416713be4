"""python3 -m apc._run SCRIPT [ARGS...]: run a project's script with the
functions named in APC_DECORATE ("path.py:qualname" keys, comma separated)
wrapped by apc.native, without editing any file. `apc optimize` uses it for
its dry run and its measurements; nothing is written to __pycache__.
"""
import ast
import builtins
import importlib.abc
import importlib.machinery
import os
import sys
import types
from pathlib import Path

import apc

KEYS = {k for k in os.environ.get("APC_DECORATE", "").split(",") if k}
ROOT = apc._ROOT


def _rel(filename):
    try:
        return Path(filename).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None


def _decorated_code(source, filename):
    tree = ast.parse(source, filename)
    rel = _rel(filename)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and f"{rel}:{node.name}" in KEYS:
            native = ast.Attribute(ast.Name("__apc__", ast.Load()), "native", ast.Load())
            node.decorator_list.append(ast.copy_location(native, node))
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", dont_inherit=True)


def _has_keys(filename):
    rel = _rel(filename)
    return rel is not None and any(k.startswith(rel + ":") for k in KEYS)


class _Loader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):
        path = self.get_filename(fullname)
        return _decorated_code(self.get_data(path), path)

    def exec_module(self, module):
        module.__dict__["__apc__"] = apc
        super().exec_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec and spec.origin and spec.origin.endswith(".py") and _has_keys(spec.origin):
            spec.loader = _Loader(name, spec.origin)
            return spec
        return None


def install():
    """Decorate the APC_DECORATE functions of every project module imported
    from now on (used by the verify hook's sitecustomize.py too)."""
    sys.dont_write_bytecode = True
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: python3 -m apc._run SCRIPT [ARGS...]")
    script = os.path.abspath(sys.argv[1])
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(script)
    install()
    with open(script, "rb") as f:
        code = _decorated_code(f.read(), script)
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__builtins__ = builtins
    module.__dict__["__apc__"] = apc
    sys.modules["__main__"] = module
    exec(code, module.__dict__)


if __name__ == "__main__":
    main()
