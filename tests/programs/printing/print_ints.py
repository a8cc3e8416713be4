# Printing ints: zero, negatives, -0, limits, powers of ten, long runs of digits.
print(0, -0, 1, -1, 7, -7)
print(9223372036854775807, -9223372036854775807 - 1)
x = 1
for i in range(19):
    print(x, -x, x - 1)
    if i < 18:
        x *= 10
print(x + (x - 1) * 8)
print(123456789012345678, -987654321098765432)
v = 1
for i in range(64):
    if i % 8 == 7:
        print(i, v)
    if i < 62:
        v = v * 2
print(v, v - 1 + v)
