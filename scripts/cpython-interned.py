"""Lists the strings CPython has interned by the time it compiles a script
(`python3 prog.py`): the names of every module, function and type loaded at
startup, and the interpreter's own static identifiers.

apc needs them for one detail of CPython's compiler: a set display of 3+
constants is a frozenset constant that the compiler rebuilds once (constant
merging) and rebuilds again when interning replaces one of its strings by an
already interned one, and each rebuild can change the set's iteration order.
Output: compiler/frontend/cpython-interned.json (sorted strings of name
characters only, the only ones CPython's compiler interns).
Run with the reference CPython: python3 scripts/cpython-interned.py
"""
import gc
import json
import sys

KEYWORDS = (
    "False None True and as assert async await break class continue def del elif else except finally for from global if "
    "import in is lambda nonlocal not or pass raise return try while with yield match case _ type"
).split()

# Every one-character name: some are interned as objects of their own
# (CPython's static identifiers), distinct from the shared one-character
# strings the parser makes, so interning replaces them.
candidates = set(KEYWORDS) | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | {""}


def add(s):
    if type(s) is str:
        candidates.add(s)


def walk_code(co, seen):
    if id(co) in seen:
        return
    seen.add(id(co))
    for names in (co.co_names, co.co_varnames, co.co_cellvars, co.co_freevars):
        for n in names:
            add(n)
    add(co.co_name)
    add(co.co_qualname)
    for c in co.co_consts:
        if type(c) is str:
            add(c)
        elif type(c) is type(walk_code.__code__):
            walk_code(c, seen)
        elif type(c) in (tuple, frozenset):
            for x in c:
                add(x)


seen = set()
for o in gc.get_objects():
    t = type(o)
    if t is type(walk_code.__code__):
        walk_code(o, seen)
    elif t is type(walk_code):
        walk_code(o.__code__, seen)
    elif t is dict:
        for k in o:
            add(k)
    elif isinstance(o, type):
        for k in o.__dict__:
            add(k)
for m in list(sys.modules.values()):
    for k in vars(m):
        add(k)
for o in list(vars(__builtins__).values()) if isinstance(__builtins__, type(sys)) else list(__builtins__.values()):
    for k in dir(o):
        add(k)


def name_like(s):
    return s.isascii() and all(c.isalnum() or c == "_" for c in s)


def interned(s):
    fresh = "".join(list(s))  # an equal string that is a new object
    return sys.intern(fresh) is not fresh


found = sorted(s for s in candidates if name_like(s) and interned(s))
out = sys.argv[1] if len(sys.argv) > 1 else "compiler/frontend/cpython-interned.json"
with open(out, "w") as f:
    json.dump({"python": sys.version.split()[0], "strings": found}, f, separators=(",", ":"))
    f.write("\n")
print(f"{len(found)} interned strings -> {out}")
