# Float printing matches repr(): shortest round-trip digits, exponent switch at 1e16 and 1e-4, -0.0, inf, nan, extremes.
import math

print(0.1 + 0.2, 0.1 * 3, 1.1 * 1.1, 0.3 - 0.1)
print(1e16, 1e15, 1234567890123456.0, 12345678901234567.0, 9999999999999998.0)
print(1e-7, 1e-4, 0.0001, 0.00012345, 1e-5, 0.00001234)
print(12.0, 100.0, 1.0, 0.0, -0.0, -1.0, 3.0e10, 2.5e-3)
print(1 / 3, 2 / 3, 10 / 3, 1e100 / 3, 22 / 7)
print(1e22, 1e23, 1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 4.9e-324)
print(123456789.0, 1234567890.123, 0.5, 0.25, 0.125, 0.1, 0.7, 1.0 / 1024)
print(float("inf"), float("-inf"), float("nan"), math.inf, -math.inf)
print(2.0 ** 53, 2.0 ** 53 + 1, 2.0 ** 63, 2.0 ** 64, 2.0 ** -20)
print(math.sqrt(2), math.pi * 1e10, math.e * 1e-10, math.exp(50), math.log(3))
print(-1.5e-300 * 1e-10, 1e300 * 1e10, -1e300 * 1e10)
print(3.14159, -2.71828, 6.02214076e23, 6.62607015e-34, 299792458.0)
x = 1.0
for i in range(25):
    print(i, x, -x, 1.0 / x)
    x *= 10.0
y = 1.0
for i in range(12):
    y /= 7.0
    print(y)
z = 0.0
for i in range(10):
    z += 0.1
    print(z)
