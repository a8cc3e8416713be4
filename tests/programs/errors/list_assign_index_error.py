# IndexError when assigning past the end of a list (exit 1).
xs = [1.5, 2.5]
xs[-2] = 0.5
print(xs)
xs[2] = 3.5
