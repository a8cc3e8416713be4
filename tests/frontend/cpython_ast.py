"""CPython's own parse of a file, printed as JSON in the shape of apc's AST
(compiler/frontend/ast.ts), so parse.test.ts can compare apc's parser with
CPython's node for node. Reads the source on stdin, or with `--batch` a JSON
list of sources, answered by a JSON list of trees.

Spans are [line, col, endLine, endCol], 1-based, columns in UTF-16 units (apc's
convention; CPython counts UTF-8 bytes). Nodes apc keeps as `unsupported`
become {"kind": "unsupported"}. Positions that CPython does not record, or
records differently by design (parameters, comprehension clauses, f-string
fields, function and class names), are left out on both sides.
"""

import ast
import json
import math
import sys

LINES = []


def col(line, byte_col):
    text = LINES[line - 1].encode("utf-8")[:byte_col].decode("utf-8")
    return len(text.encode("utf-16-le")) // 2 + 1


def span(node):
    return [node.lineno, col(node.lineno, node.col_offset), node.end_lineno, col(node.end_lineno, node.end_col_offset)]


def unsupported(node):
    return {"kind": "unsupported", "span": span(node)}


BINOPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.MatMult: "@",
}
UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not", ast.Invert: "~"}
CMPOPS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}


def const(node):
    v = node.value
    s = span(node)
    if v is None:
        return {"kind": "none", "span": s}
    if isinstance(v, bool):
        return {"kind": "bool", "value": v, "span": s}
    if isinstance(v, int):
        return {"kind": "int", "value": {"$int": str(v)}, "span": s}
    if isinstance(v, float):
        value = v if math.isfinite(v) else {"$float": repr(v)}
        return {"kind": "float", "value": value, "span": s}
    if isinstance(v, str):
        return {"kind": "str", "value": v, "span": s}
    return unsupported(node)


def fparts(values):
    out = []
    for v in values:
        if isinstance(v, ast.Constant):
            out.append({"kind": "text", "value": v.value})
        else:
            conv = {-1: None, 114: "r", 115: "s", 97: "a"}[v.conversion]
            spec = None if v.format_spec is None else fparts(v.format_spec.values)
            out.append({"kind": "field", "value": expr(v.value), "conversion": conv, "spec": spec})
    return out


def params(a):
    out = []
    positional = [(p, "posonly") for p in a.posonlyargs] + [(p, "normal") for p in a.args]
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for (p, form), d in zip(positional, defaults):
        out.append(param(p, form, d))
    if a.vararg:
        out.append(param(a.vararg, "varargs", None))
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append(param(p, "kwonly", d))
    if a.kwarg:
        out.append(param(a.kwarg, "kwargs", None))
    return out


def param(p, form, default):
    return {
        "name": p.arg,
        "annotation": None if p.annotation is None else expr(p.annotation),
        "default": None if default is None else expr(default),
        "form": form,
    }


def boolop(node):
    op = "and" if isinstance(node.op, ast.And) else "or"
    left = expr(node.values[0])
    for i, v in enumerate(node.values[1:], 2):
        # `a and b and c` is one BoolOp in CPython; apc nests it to the left.
        # CPython records no span for the inner levels: None means "not compared".
        s = span(node) if i == len(node.values) else None
        left = {"kind": "boolop", "op": op, "left": left, "right": expr(v), "span": s}
    return left


def comprehension(node, form):
    gens = []
    for g in node.generators:
        if g.is_async:
            return unsupported(node)
        gens.append({"target": expr(g.target), "iter": expr(g.iter), "ifs": [expr(i) for i in g.ifs]})
    if form == "dict":
        elt, value = expr(node.key), expr(node.value)
    else:
        elt, value = expr(node.elt), None
    return {"kind": "comprehension", "form": form, "elt": elt, "value": value, "generators": gens, "span": span(node)}


def expr(node):
    s = span(node)
    t = type(node)
    if t is ast.Constant:
        return const(node)
    if t is ast.JoinedStr:
        return {"kind": "fstring", "parts": fparts(node.values), "span": s}
    if t is ast.Name:
        return {"kind": "name", "id": node.id, "span": s}
    if t is ast.BinOp:
        return {"kind": "binop", "op": BINOPS[type(node.op)], "left": expr(node.left), "right": expr(node.right), "span": s}
    if t is ast.UnaryOp:
        return {"kind": "unary", "op": UNARY[type(node.op)], "operand": expr(node.operand), "span": s}
    if t is ast.BoolOp:
        return boolop(node)
    if t is ast.Compare:
        return {
            "kind": "compare", "left": expr(node.left), "ops": [CMPOPS[type(o)] for o in node.ops],
            "comparators": [expr(c) for c in node.comparators], "span": s,
        }
    if t is ast.IfExp:
        return {"kind": "ifexp", "test": expr(node.test), "body": expr(node.body), "orelse": expr(node.orelse), "span": s}
    if t is ast.Call:
        args = [expr(a) for a in node.args]
        keywords = []
        for k in node.keywords:
            if k.arg is None:
                args.append(unsupported(k))
            else:
                keywords.append({"name": k.arg, "value": expr(k.value), "span": span(k)})
        return {"kind": "call", "func": expr(node.func), "args": args, "keywords": keywords, "span": s}
    if t is ast.Attribute:
        return {"kind": "attribute", "value": expr(node.value), "attr": node.attr, "span": s}
    if t is ast.Subscript:
        return {"kind": "subscript", "value": expr(node.value), "index": expr(node.slice), "span": s}
    if t is ast.Slice:
        opt = lambda e: None if e is None else expr(e)
        return {"kind": "slice", "lower": opt(node.lower), "upper": opt(node.upper), "step": opt(node.step), "span": s}
    if t in (ast.Tuple, ast.List, ast.Set):
        return {"kind": t.__name__.lower(), "elts": [expr(e) for e in node.elts], "span": s}
    if t is ast.Dict:
        if any(k is None for k in node.keys):
            return unsupported(node)
        return {"kind": "dict", "keys": [expr(k) for k in node.keys], "values": [expr(v) for v in node.values], "span": s}
    if t is ast.Starred:
        return {"kind": "starred", "value": expr(node.value), "span": s}
    if t is ast.ListComp:
        return comprehension(node, "list")
    if t is ast.SetComp:
        return comprehension(node, "set")
    if t is ast.DictComp:
        return comprehension(node, "dict")
    if t is ast.GeneratorExp:
        return comprehension(node, "generator")
    if t is ast.Lambda:
        return {"kind": "lambda", "params": params(node.args), "body": expr(node.body), "span": s}
    return unsupported(node)


def alias(a):
    return {"name": a.name, "asname": a.asname, "span": span(a)}


def body(stmts):
    return [stmt(s) for s in stmts]


def stmt(node):
    s = span(node)
    t = type(node)
    if t is ast.Expr:
        return {"kind": "expr", "value": expr(node.value), "span": s}
    if t is ast.Assign:
        return {"kind": "assign", "targets": [expr(e) for e in node.targets], "value": expr(node.value), "span": s}
    if t is ast.AugAssign:
        return {"kind": "augassign", "target": expr(node.target), "op": BINOPS[type(node.op)], "value": expr(node.value), "span": s}
    if t is ast.AnnAssign:
        value = None if node.value is None else expr(node.value)
        return {"kind": "annassign", "target": expr(node.target), "annotation": expr(node.annotation), "value": value, "span": s}
    if t is ast.If:
        return {"kind": "if", "test": expr(node.test), "body": body(node.body), "orelse": body(node.orelse), "span": s}
    if t is ast.While:
        return {"kind": "while", "test": expr(node.test), "body": body(node.body), "orelse": body(node.orelse), "span": s}
    if t is ast.For:
        return {
            "kind": "for", "target": expr(node.target), "iter": expr(node.iter), "body": body(node.body),
            "orelse": body(node.orelse), "span": s,
        }
    if t in (ast.Break, ast.Continue, ast.Pass):
        return {"kind": t.__name__.lower(), "span": s}
    if t is ast.Return:
        return {"kind": "return", "value": None if node.value is None else expr(node.value), "span": s}
    if t is ast.Assert:
        return {"kind": "assert", "test": expr(node.test), "msg": None if node.msg is None else expr(node.msg), "span": s}
    if t in (ast.Global, ast.Nonlocal):
        return {"kind": t.__name__.lower(), "names": node.names, "span": s}
    if t is ast.Delete:
        return {"kind": "del", "targets": [expr(e) for e in node.targets], "span": s}
    if t is ast.Import:
        return {"kind": "import", "names": [alias(a) for a in node.names], "span": s}
    if t is ast.ImportFrom:
        return {
            "kind": "importfrom", "module": node.module or "", "names": [alias(a) for a in node.names],
            "level": node.level, "span": s,
        }
    if t in (ast.FunctionDef, ast.AsyncFunctionDef):
        return {"kind": "funcdef", "def": {
            "name": node.name, "params": params(node.args), "returns": None if node.returns is None else expr(node.returns),
            "body": body(node.body), "decorators": [expr(d) for d in node.decorator_list],
            "isAsync": t is ast.AsyncFunctionDef, "span": s,
        }, "span": s}
    if t is ast.ClassDef:
        if node.keywords:
            return unsupported(node)
        return {
            "kind": "classdef", "name": node.name, "bases": [expr(b) for b in node.bases], "body": body(node.body),
            "decorators": [expr(d) for d in node.decorator_list], "span": s,
        }
    if t is ast.Raise:
        opt = lambda e: None if e is None else expr(e)
        return {"kind": "raise", "exc": opt(node.exc), "cause": opt(node.cause), "span": s}
    if t is ast.Try:
        handlers = [{
            "type": None if h.type is None else expr(h.type), "name": h.name, "body": body(h.body), "span": span(h),
        } for h in node.handlers]
        return {
            "kind": "try", "body": body(node.body), "handlers": handlers, "orelse": body(node.orelse),
            "finalbody": body(node.finalbody), "span": s,
        }
    return unsupported(node)


def convert(source):
    global LINES
    LINES = source.split("\n")
    return body(ast.parse(source).body)


if sys.argv[1:] == ["--batch"]:
    print(json.dumps([convert(s) for s in json.load(sys.stdin)], allow_nan=False))
else:
    print(json.dumps(convert(sys.stdin.read()), allow_nan=False))
