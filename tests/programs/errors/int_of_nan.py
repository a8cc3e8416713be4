# Uncaught ValueError from int() of a NaN computed at run time ("cannot convert float NaN to integer") (exit 1).
import math

x = 2.75
for i in range(3):
    print(x, int(x), int(-x))
    x = x * 3.0
big = 1e300
y = big * big
z = y - y
print(y, z, math.isnan(z))
print(int(z))
print("not reached")
