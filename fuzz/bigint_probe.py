"""Does a program create an int outside 64 bits when CPython runs it?

apc's ints are 64-bit: where CPython would grow a big int, apc stops with
OverflowError. The fuzzer accepts that stop only when CPython really creates
such an int, and asks this probe: it parses the program, wraps every
expression evaluated for its value (Load context, operators, calls,
comprehension elements...) in a call `_apc_chk(value)` that notes any int
(not bool) outside [-2**63, 2**63-1], checks the target after every
augmented assignment, runs the program with its output discarded, and
prints `big` or `small`. Usage: python3 bigint_probe.py prog.py
"""

import ast
import io
import sys

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1
SEEN = [False]


def _apc_chk(value):
    if type(value) is int and not (I64_MIN <= value <= I64_MAX):
        SEEN[0] = True
    return value


class Wrap(ast.NodeTransformer):
    """Wraps value-producing expressions; leaves alone the places Python's
    grammar needs a bare node (f-string parts, starred items, slices,
    call targets, annotations, assignment targets)."""

    def wrap(self, node):
        call = ast.Call(func=ast.Name(id="_apc_chk", ctx=ast.Load()), args=[node], keywords=[])
        return ast.copy_location(call, node)

    def generic_visit(self, node):
        for field, old in ast.iter_fields(node):
            if isinstance(old, list):
                new = []
                for item in old:
                    if isinstance(item, ast.AST):
                        item = self.visit_child(node, field, item)
                    new.extend(item if isinstance(item, list) else [item])
                old[:] = new
            elif isinstance(old, ast.AST):
                setattr(node, field, self.visit_child(node, field, old))
        return node

    def visit_child(self, parent, field, child):
        child = self.visit(child)
        if not isinstance(child, ast.expr):
            return child
        ctx = getattr(child, "ctx", None)
        if isinstance(child, (ast.Starred, ast.Slice)) or (ctx is not None and not isinstance(ctx, ast.Load)):
            return child
        if isinstance(parent, ast.JoinedStr) or (isinstance(parent, ast.FormattedValue) and field == "format_spec"):
            return child
        if isinstance(parent, ast.Call) and field == "func":
            return child
        if field in ("annotation", "returns"):
            return child
        if isinstance(parent, ast.comprehension) and field == "target":
            return child
        return self.wrap(child)

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        target = node.target
        if isinstance(target, ast.Name):
            load = ast.Name(id=target.id, ctx=ast.Load())
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and isinstance(target.slice, (ast.Name, ast.Constant)):
            load = ast.Subscript(value=ast.Name(id=target.value.id, ctx=ast.Load()), slice=target.slice, ctx=ast.Load())
        else:
            return node
        check = ast.Expr(value=self.wrap(load))
        return [node, ast.copy_location(check, node)]


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = Wrap().visit(ast.parse(source, path))
    ast.fix_missing_locations(tree)
    code = compile(tree, path, "exec")
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()
    sys.setrecursionlimit(10000)
    try:
        exec(code, {"__name__": "__main__", "_apc_chk": _apc_chk})
    except BaseException:  # the program's own error or exit ends it either way
        pass
    finally:
        sys.stdout = real_stdout
    print("big" if SEEN[0] else "small")


if __name__ == "__main__":
    main()
