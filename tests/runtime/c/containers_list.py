# Python twin of `containers_list script` (and of `slices`, see the end).
import sys


def TRY(f):
    try:
        f()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")


def script():
    l = [3, 1, 2]
    l.append(5)
    l.insert(0, 9)
    l.insert(-1, 7)
    l.insert(100, 8)
    l.insert(-100, 6)
    print(repr(l))
    print(l.pop(-1))
    print(l.pop(0))
    print(l.pop(-2))
    print(repr(l))
    TRY(lambda: l.pop(100))
    TRY(lambda: l.pop(-100))
    TRY(lambda: [].pop(-1))
    l.remove(1)
    print(repr(l))
    TRY(lambda: l.remove(42))
    print(l.index(2))
    TRY(lambda: l.index(42))
    TRY(lambda: ["a", "b"].index("zz"))
    TRY(lambda: [1.0].index(2.5))
    TRY(lambda: ["a"].remove("it's"))
    c = [1, 2, 1, 3, 1, 1]
    print(c.count(1))
    print(c.count(4))
    print(3 in c)
    print(4 in c)
    print("yy" in ["x", "yy"])
    print(-0.0 in [0.0, 1.5])
    print(repr(c + l))
    print(repr([1, 2] * 3))
    print(repr([1, 2] * 0))
    print(repr([1, 2] * -1))
    cp = c.copy()
    cp.reverse()
    print(repr(cp))
    print(repr(c))
    cp.extend(cp)
    print(repr(cp))
    del cp[0]
    del cp[-1]
    print(repr(cp))

    def d():
        del cp[100]
    TRY(d)
    cp.clear()
    print(repr(cp))
    print(len(cp))

    s = [5, -3, 9, 0, 5, 2, -7, 1]
    s.sort()
    print(repr(s))
    s.sort(reverse=True)
    print(repr(s))
    ss = ["pear", "Apple", "fig", "apple", "", "banana"]
    ss.sort()
    print(repr(ss))
    fs = [0.0, -0.0, 2.5, -1e300, 0.0, -0.0, 1e-300]
    fs.sort()
    print(repr(fs))
    fs.sort(reverse=True)
    print(repr(fs))
    ts = [(2, 1), (1, 9), (2, 0), (1, 9), (-1, 5), (2, 1)]
    ts.sort()
    print(repr(ts))
    words = ["ccc", "a", "bb", "dd", "e", "fff", "gg", "h"]
    print(repr(sorted(words, key=len)))
    print(repr(sorted(words, key=len, reverse=True)))
    x = 12345
    big = []
    for i in range(2000):
        x = (x * 6364136223846793005 + 1442695040888963407) % 2**64
        big.append(x >> 54)
    big.sort()
    print(1)
    TRY(lambda: [None, None].sort())
    nones = [None]
    nones.sort()
    print(repr(nones))
    ls = [[1, 2], [1], [], [1, 2, 0], [0]]
    ls.sort()
    print(repr(ls))

    print([1, 2] < [1, 3])
    print([1, 2] < [1, 2, 0])
    print([1, 2, 0] < [1, 2])
    print([] < [])
    print([2, 0] < [1, 9])
    print(["a", "b"] < ["a", "ba"])
    print([-0.0] < [0.0])
    print([-0.0, 1.0] == [0.0, 1.0])
    print(ls == [list(e) for e in ls])
    print([1, 2] == [1, 2, 3])
    print((1, 2) < (1, 3))
    print((1, 3) < (1, 3))
    print((0, 9) < (1, 0))
    TRY(lambda: print(None < None))
    TRY(lambda: print({} < {}))

    a = [0, 1, 2, 3, 4, 5]
    a[1:3] = [7, 7, 7]
    print(repr(a))
    a[:] = a
    print(repr(a))
    a[::2] = [10, 11, 12, 13]
    print(repr(a))

    def e1():
        a[::2] = [1]

    def e2():
        a[::0] = [1]
    TRY(e1)
    TRY(e2)
    a[::-1] = list(a)
    print(repr(a))
    del a[::3]
    print(repr(a))
    a[5:2] = [8, 8]
    print(repr(a))

    t1 = (7,)
    print(repr(t1))
    print(repr(()))
    tis = (-3, "it's")
    print(repr(tis))
    tfs = (1e16, ["q"])
    print(repr(tfs))
    for p in [(1, 2), (2, 1), (0, 0), (-1, -1), (-2, 5), (1 << 61, 3), (-2**63, 2**63 - 1)]:
        print(hash(p))
    print(hash(t1))
    print(hash(()))
    print(hash(tis))
    TRY(lambda: print(hash(tfs)))
    for i in [0, 1, -1, -2, 42, (1 << 61) - 2, (1 << 61) - 1, 1 << 61, 2**63 - 1, -2**63, -(1 << 61) + 1]:
        print(hash(i))
    for f in [0.0, -0.0, 1.0, -1.0, 1.5, -2.5, 0.1, 1e300, -1e-300, 5e-324, 1.7976931348623157e308, 2.0 * (1 << 60), float("inf"), float("-inf"), 123456.789]:
        print(hash(f))
    print(hash(True))
    print(hash(False))
    TRY(lambda: print(hash([])))
    TRY(lambda: print(hash({})))
    TRY(lambda: print(hash(set())))
    print(repr(tis[1:]))

    print(repr([1.0, 2.5, 1e16, 1e-5, float("nan"), float("inf"), -0.0, 0.1 + 0.2, 1e22]))
    print(repr([True, False]))
    print(ls)
    print(tis)
    selfl = []
    selfl.append(selfl)
    selfl.append([])
    print(repr(selfl))
    print(selfl == selfl)


def slices():
    for line in sys.stdin:
        f = line.split()
        if len(f) < 7:
            continue
        k = f[0]
        n, a, b, st = (int(x) for x in f[1:5])
        sl = slice(a if f[5] == "1" else None, b if f[6] == "1" else None, st)
        l = list(range(n))
        try:
            if k == "lget":
                print(repr(l[sl]))
            elif k == "tget":
                print(repr(tuple(l)[sl]))
            elif k == "sget":
                print(repr("abcdefghijklmnopqrstuvwxyz"[:n][sl]))
            elif k == "lset":
                l[sl] = list(range(100, 100 + int(f[7])))
                print(repr(l))
            elif k == "ldel":
                del l[sl]
                print(repr(l))
        except Exception as e:
            print(f"{type(e).__name__}: {e}")


if len(sys.argv) > 1 and sys.argv[1] == "slices":
    slices()
else:
    script()
