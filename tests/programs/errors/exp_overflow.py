# Uncaught OverflowError("math range error") from math.exp(1000) after smaller exponentials (exit 1).
import math

for x in range(0, 1001, 250):
    print(x)
    print(math.exp(x))
print("not reached")
