# inf and nan: float('inf'), math.inf/nan, isnan/isinf/isfinite, arithmetic producing inf/nan, comparisons with nan.
import math

inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, math.inf, -math.inf, math.nan, -math.nan)
print(inf + 1, inf - inf, inf * 0, inf * -1, 1 / inf, -1 / inf, inf / inf)
print(1e308 * 10, -1e308 * 10, 1e308 + 1e308, 1e-320 / 1e10)
print(math.isnan(nan), math.isnan(inf), math.isnan(1.0), math.isnan(inf - inf))
print(math.isinf(inf), math.isinf(-math.inf), math.isinf(nan), math.isinf(1e308))
print(math.isfinite(1.0), math.isfinite(inf), math.isfinite(nan), math.isfinite(0), math.isfinite(1e308 * 10))
print(nan == nan, nan != nan, nan < 1.0, nan > 1.0, nan <= nan, 1.0 >= nan)
print(inf == inf, inf > 1e308, -inf < -1e308, inf == math.inf)
print(math.sqrt(inf), math.exp(inf), math.exp(-inf), math.log(inf), math.atan(inf), math.atan2(inf, inf))
print(math.fabs(-inf), abs(-inf), abs(nan), -nan, nan * 0, nan + inf)
print(math.floor(2.5) if math.isfinite(2.5) else 0, inf > 0 and nan != nan)
print(math.hypot(inf, nan), math.hypot(nan, 1.0), math.pow(nan, 0.0), math.pow(1.0, nan), nan ** 0, 1.0 ** nan)
x = 1.0
steps = 0
while not math.isinf(x):
    x *= 1e10
    steps += 1
print(x, steps)
y = 1.0
steps = 0
while y > 0.0:
    y /= 1e10
    steps += 1
print(y, steps)
