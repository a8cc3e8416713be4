# apc-expect: exit=1 stderr~=NotImplementedError: sum\(\) of no floats
# sum() of floats that adds nothing is CPython's int start (0). Kept in a
# variable it would go on as apc's float 0.0 (printed 0.0, not 0): apc stops.
xs = [1.5, 2.5]
print(sum(xs), sum(xs, 0.0), sum([x for x in xs if x > 9], 0.0), sum(xs, 10))
ys = [x for x in xs if x > 9]
print(sum(ys))
total = sum(ys)
print(total)
