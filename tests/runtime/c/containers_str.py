# Python twin of containers_str.c: same protocol, CPython's answers.
import sys


def h(x):
    return bytes.fromhex(x[1:]).decode("utf-8", "surrogateescape")


def run(f):
    op = f[0]
    A = lambda: h(f[1])
    B = lambda: h(f[2])
    I = lambda k: int(f[k])
    if op == "len": r = len(A())
    elif op == "getitem": r = A()[I(2)]
    elif op == "slice":
        s = A()
        start = I(2) if I(5) else None
        stop = I(3) if I(6) else None
        r = s[start:stop:I(4)]
    elif op == "find": r = A().find(B())
    elif op == "index": r = A().index(B())
    elif op == "count": r = A().count(B())
    elif op == "in": r = B() in A()
    elif op == "startswith": r = A().startswith(B())
    elif op == "endswith": r = A().endswith(B())
    elif op == "split": r = A().split()
    elif op == "splitsep": r = A().split(B())
    elif op == "splitws": r = A().split()
    elif op == "stripws": r = [A().strip, A().lstrip, A().rstrip][I(2)]()
    elif op == "join": r = A().join([h(x) for x in f[2:]])
    elif op == "strip":
        chars = None if f[2] == "-" else B()
        s = A()
        r = [s.strip, s.lstrip, s.rstrip][I(3)](chars)
    elif op == "replace": r = A().replace(B(), h(f[3]), I(4))
    elif op == "upper": r = A().upper()
    elif op == "lower": r = A().lower()
    elif op == "capitalize": r = A().capitalize()
    elif op == "isdigit": r = A().isdigit()
    elif op == "isalpha": r = A().isalpha()
    elif op == "isspace": r = A().isspace()
    elif op == "repr": r = repr(A())
    elif op == "str": r = str(A())
    elif op == "print":
        print(A())
        return
    elif op == "concat": r = A() + B()
    elif op == "repeat": r = A() * I(2)
    elif op == "eq": r = A() == B()
    elif op == "cmp": r = (A() > B()) - (A() < B())
    elif op == "lt": r = A() < B()
    elif op == "hash": r = hash(A())
    elif op == "build": r = "".join(h(x) for x in f[1:])
    else: r = "unknown op " + op
    print(repr(r))


for line in sys.stdin:
    f = line.split()
    if not f:
        continue
    try:
        run(f)
    except Exception as e:
        print(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
