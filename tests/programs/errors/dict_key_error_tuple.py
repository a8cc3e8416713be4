# KeyError from a missing tuple key (exit 1).
d = {(1, 2): 1.5}
print(d[(1, 2)])
print(d[(2, 1)])
