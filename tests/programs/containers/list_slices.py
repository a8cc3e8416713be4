# Lists: slice get/set/delete with positive and negative steps, omitted and out-of-range bounds, list[bool] and list[str] too.
xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[:], xs[::2], xs[1::3], xs[::-1], xs[::-2])
print(xs[8:2:-2], xs[-3:], xs[:-3], xs[-100:100], xs[100:], xs[5:2], xs[-1:-5:-1])
print(xs[2:100:3], xs[100:0:-3], xs[-100::-1], xs[3:-100:-1])
ys = xs.copy()
ys[2:5] = [20, 30]
print(ys)
ys[:0] = [-1, -2]
print(ys)
ys[len(ys):] = [99]
print(ys)
ys[1:3] = []
print(ys)
ys[::2] = [0] * len(ys[::2])
print(ys)
ys[::-3] = [7] * len(ys[::-3])
print(ys)
ys[5:1:-1] = [1, 2, 3, 4]
print(ys)
ys[2:6] = ys
print(ys)
zs = list(range(12))
del zs[1:3]
print(zs)
del zs[::3]
print(zs)
del zs[::-2]
print(zs)
del zs[100:]
del zs[-100:1]
print(zs)
del zs[:]
print(zs, len(zs))
fs = [0.5, 1.5, 2.5, 3.5]
fs[1:3] = [9.0]
print(fs, fs[::-1], fs[-2:])
bs = [True, False, True, True, False]
print(bs[1:4], bs[::-1], bs[::2])
bs[1:3] = [False, False, False]
print(bs)
bs[::2] = [False, False, False]
print(bs)
del bs[::2]
print(bs, len(bs))
ss = ["a", "b", "c", "d"]
ss[1:1] = ["x", "y"]
print(ss, ss[-2::-2])
del ss[0]
del ss[-1]
print(ss)
nested = [[1, 2], [3], [4, 5, 6]]
part = nested[1:]
part[0].append(30)
print(nested, part)
t = nested[::-1]
print(t, t == nested, t[::-1] == nested)
