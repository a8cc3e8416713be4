# Uncaught ValueError("math domain error") from math.log(0.0) after some logs of positive values (exit 1).
import math

for k in range(3, -1, -1):
    v = k * 0.5
    print(v)
    print(math.log(v))
