# Python twin of containers_hash.c (run with PYTHONHASHSEED=0).
import sys


def TRY(f):
    try:
        f()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")


def parser(k):
    if k == "i": return int
    if k == "b": return lambda t: t[0] == "1"
    if k == "f": return float
    if k == "s": return lambda t: bytes.fromhex(t[1:]).decode("utf-8", "surrogateescape")
    return lambda t: tuple(int(x) for x in t.split(","))


def set_tokens(s, toks, parse):
    for t in toks:
        if t == "|":
            return
        c, rest = t[0], t[1:]
        if c == "a": s.add(parse(rest))
        elif c == "d": s.discard(parse(rest))
        elif c == "r": TRY(lambda: s.remove(parse(rest)))
        elif c == "c": print(repr(parse(rest) in s))
        elif c == "p": print(repr(s))
        elif c == "P": TRY(lambda: print(repr(s.pop())))
        elif c == "l": print(len(s))
        elif c == "n": print(repr(s.copy()))
        elif c == "C": s.clear()
        elif c in "ij": print(repr([x for x in s]))


def run_set(toks, parse, binary):
    a = set()
    set_tokens(a, toks, parse)
    if not binary:
        return
    b = set()
    if "|" in toks:
        set_tokens(b, toks[toks.index("|") + 1:], parse)
    for r in (a | b, b | a, a & b, b & a, a - b, b - a, a ^ b, b ^ a, a | a, a & a):
        print(repr(r))
    c = a.copy(); c |= b; print(repr(c))
    c = a.copy(); c &= b; print(repr(c))
    c = a.copy(); c -= b; print(repr(c))
    c = a.copy(); c ^= b; print(repr(c))
    print(a == b)
    print(a == a.copy())
    print(a < b)
    print(a <= b)


def run_dict(toks, parse):
    d = {}
    for t in toks:
        c, rest = t[0], t[1:]
        num = 0
        if "=" in rest:
            rest, n = rest.split("=")
            num = int(n)
        k = lambda: parse(rest)
        if c == "s": d[k()] = num
        elif c == "d":
            def f():
                del d[k()]
            TRY(f)
        elif c == "g": TRY(lambda: print(d[k()]))
        elif c == "p": TRY(lambda: print(d.pop(k())))
        elif c == "q": print(d.pop(k(), num))
        elif c == "D": print(d.setdefault(k(), num))
        elif c == "c": print(k() in d)
        elif c == "l": print(len(d))
        elif c == "P": print(repr(d))
        elif c in "ij": print(repr([(a, b) for a, b in d.items()]))
        elif c == "G": print(d.get(k(), num))
        elif c == "y": TRY(lambda: print(repr(d.popitem())))
        elif c == "k": print(repr(list(d)))
        elif c == "v": print(repr(list(d.values())))
        elif c == "I": print(repr(list(d.items())))
        elif c == "C": d.clear()
        elif c == "n":
            cp = d.copy()
            print(repr(cp))
            print(cp == d)
        elif c == "u":
            cp = {k(): 0}
            cp.update(d)
            d.update(cp)
            print(repr(d))
            print(cp == d)


for line in sys.stdin:
    f = line.split()
    if len(f) < 2:
        continue
    parse = parser(f[1][0])
    try:
        if f[0] == "set": run_set(f[2:], parse, False)
        elif f[0] == "setop": run_set(f[2:], parse, True)
        elif f[0] == "dict": run_dict(f[2:], parse)
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
    print("--")
