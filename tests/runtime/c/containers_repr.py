# Python twin of containers_repr.c (run with PYTHONHASHSEED=0).


def TRY(f):
    try:
        f()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")


ll = [[1.0, 2.0], [3.0], []]
print(ll)
t = (1, 2)
d = {"x": t, "it's": t}
print(d)
print({})
s = set()
print(s)
s.add(2)
s.add(1)
print(s)
print({t})
ss = set()
ss.add("b")
ss.add("a")
ss.add("c\n")
print(ss)
m = (-7, "a'\"b", 2.5, True, None)
lm = [m]
print(lm)
print(m)
print(repr(str(lm)))
print(repr(repr(lm)))
print(repr(str(1e16)))
print(repr(str(True)))
print(repr(str(None)))
print(repr(str(-5)))
print(repr(str("q'")))
print(repr(repr("q'")))
print(0.1)
print(None)
print(False)
print("plain 'text'")
print(["ab'c" if i % 2 else "d\"e" for i in range(3000)])
TRY(lambda: d["missing"])
TRY(lambda: d["it's"])
TRY(lambda: {}[t])


def f1():
    del {}[1.5]


TRY(f1)
TRY(lambda: {}.pop(-3))
TRY(lambda: ss.remove("zz"))
TRY(lambda: {}[""])
df = {}
df[0.0] = 1
df[-0.0] = 2
df[1e300] = 3
print(df)
di = {i: i * i for i in range(5)}


def it1():
    for k in di:
        print(repr(k))
        if k == 2:
            di[99] = 0


TRY(it1)


def it2():
    for k, v in di.items():
        di[k] = v + 1


TRY(it2)
print(di)


def it3():
    for v in s:
        print(repr(v))
        s.add(v + 10)


TRY(it3)
del di[1]
di[1] = 100
di[0] = 7
print(di)
dl = {"k": [1]}
print(dl)
selfd = {}
selfd["me"] = selfd
selfd["other"] = {}
print(selfd)
e1 = {1: 10, 2: 20}
e2 = {2: 20, 1: 10}
print(e1 == e2)
e2[1] = 11
print(e1 == e2)
dt = {}
for i in range(50):
    dt[(i % 7, i % 5)] = i
print(repr(dt[(3, 4)]))
print(repr(len(dt)))
print(dt)
