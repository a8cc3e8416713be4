# ValueError from assigning a sequence of the wrong size to an extended slice (exit 1).
xs = list(range(10))
xs[::2] = [0, 0, 0, 0, 0]
print(xs)
xs[::3] = [1, 2]
