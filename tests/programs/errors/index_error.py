# IndexError from a list index out of range (exit 1).
xs = [1, 2, 3]
print(xs[2])
i = len(xs)
print(xs[i])
