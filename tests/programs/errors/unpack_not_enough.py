# ValueError from unpacking a list into too many names (exit 1).
xs = [1, 2]
a, b = xs
print(a, b)
a, b, c = xs
