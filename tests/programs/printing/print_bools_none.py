# Printing bools (literals, comparison results, not, bool()) and None alongside other values.
print(True, False)
print(1 < 2, 2 < 1, 1 == 1, 1 != 1)
print(not True, not 0, not 3, bool(7), bool(0.0))
a = True
b = False
print(a, b, a and b, a or b, not a, a == b, a != b)
print(None)
print(None, True, 0, 0.0, "")
for i in range(4):
    print(i, i % 2 == 0, i > 1)
flags = 0
for i in range(6):
    even = i % 2 == 0
    if even:
        flags += 1
    print(even, end=" ")
print(flags)
