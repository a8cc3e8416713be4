# Uncaught ValueError("math domain error") from math.sqrt of a negative number (exit 1).
import math

x = 4.0
while True:
    print(x, math.sqrt(x))
    x -= 1.5
