# Starred targets are refused as such, not as a count mismatch.
xs = [1, 2, 3, 4]
a, *rest = xs  # error: E0301 "starred target"
print(a, rest)
