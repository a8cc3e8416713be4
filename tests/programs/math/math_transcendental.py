# math exp/log family and trigonometry: exp, log (1 and 2 args), log2, log10, sin, cos, tan, asin, acos, atan, atan2, hypot.
import math

print(math.exp(0), math.exp(1), math.exp(-1), math.exp(10.5), math.exp(-745.0), math.exp(709.0))
print(math.log(1), math.log(math.e), math.log(10), math.log(0.5), math.log(1e-300))
print(math.log(8, 2), math.log(100, 10), math.log(1000, 10), math.log(81, 3), math.log(2.0, 0.5))
print(math.log2(8), math.log2(1024.0), math.log2(3), math.log2(1e-10))
print(math.log10(1000), math.log10(0.001), math.log10(2), math.log10(12345.678))
print(math.sin(0), math.sin(math.pi / 2), math.sin(math.pi), math.sin(-1.0), math.sin(100.0))
print(math.cos(0), math.cos(math.pi), math.cos(math.pi / 3), math.cos(1e6))
print(math.tan(0), math.tan(math.pi / 4), math.tan(1.0), math.tan(-1.5))
print(math.asin(1), math.asin(-0.5), math.acos(0), math.acos(-1), math.acos(0.5))
print(math.atan(1), math.atan(-1e10), math.atan(0.5))
print(math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(0.0, -1.0), math.atan2(-0.0, -1.0), math.atan2(0, 0))
print(math.hypot(3, 4), math.hypot(5.0, 12.0), math.hypot(1e200, 1e200), math.hypot(-2.0, 0.0), math.hypot(1.0, 1.0))
for i in range(9):
    a = i * math.pi / 8
    print(i, math.sin(a), math.cos(a), math.sin(a) ** 2 + math.cos(a) ** 2)
for k in range(1, 6):
    x = k * 1.7
    print(x, math.exp(math.log(x)), math.log(math.exp(x)), math.sqrt(x) ** 2)
