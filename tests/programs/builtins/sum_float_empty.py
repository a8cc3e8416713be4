# sum() of floats that adds nothing is CPython's int start, 0: exact where
# the int would become 0.0 anyway (float arithmetic, /, comparisons, float(),
# round(), math), and printed as 0 where it is printed or converted to str.
import math

xs = [1.5, 2.5]
none = [x for x in xs if x > 9]
print(sum(none), sum(x for x in xs if x < 0), str(sum(none)), repr(sum(none)))
print(sum(none) + 0.5, 2.5 * sum(none), sum(none) / 7, sum(none) - 1.25, sum(none) == 0, sum(none) < 1)
f = 3.5
f *= sum(none)
print(f, float(sum(none)), int(sum(none)), round(sum(none)), math.sqrt(sum(none)), math.atan2(sum(none), 2.0))
print(sum(xs), sum(none, 0.0), sum(none, 10.0), sum(xs, 10))
print(math.trunc(sum(q for q in none) % 500.0) >> 52)
