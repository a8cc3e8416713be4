# ValueError from a slice with step 0 (exit 1).
xs = [1, 2, 3]
n = len(xs) - 3
print(xs[::-1])
print(xs[::n])
