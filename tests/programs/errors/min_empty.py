# ValueError from min() of an empty list (exit 1).
xs = [3]
print(min(xs))
xs.pop()
print(min(xs))
