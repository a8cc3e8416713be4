# ValueError from unpacking a list into too few names (exit 1).
xs = [1, 2, 3]
a, b, c = xs
print(a, b, c)
a, b = xs
