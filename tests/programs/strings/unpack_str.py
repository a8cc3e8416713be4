# Unpacking strings into names: in assignments, for targets and comprehensions.
for a, b in ["ab", "cd"]:
    print(a, b)
x, y = "xy"
print(x, y)
print([p + q for p, q in ["ab"]])
