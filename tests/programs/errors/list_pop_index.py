# IndexError from pop(i) with i out of range (exit 1).
xs = [1, 2, 3]
print(xs.pop(-3))
xs.pop(5)
