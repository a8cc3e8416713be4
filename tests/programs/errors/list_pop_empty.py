# IndexError from pop() on an empty list (exit 1).
xs = [1]
print(xs.pop())
xs.pop()
