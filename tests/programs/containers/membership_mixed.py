# `in` with a float among ints (2.0 == 2) and ints among floats, in lists, tuples, sets and dicts.
xs = [1, 2, 3]
print(2.0 in xs, 2.5 in xs, 3.0 not in xs, 1e300 in xs, float("nan") in xs)
fs = [1.0, 2.5]
print(1 in fs, 2 in fs, True in xs, True in fs)
s = {1, 2}
print(2.0 in s, 2.5 in s)
d = {1: "a"}
print(1.0 in d, 1.5 in d)
bs = [True, False]
print(1.0 in bs, 0.0 in bs, 2.0 in bs, -1.0 in bs, 0.5 in bs)
vt = tuple(x for x in xs)
print(2.0 in vt, 2.5 in vt)
