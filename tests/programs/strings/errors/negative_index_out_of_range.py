# IndexError from a negative string index before the start (exit 1).
s = "✓x"
print(s[-2])
print(s[-3])
