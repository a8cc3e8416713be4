# apc-expect: exit=1 stderr~=NotImplementedError: sum\(\) of no floats
# sum() of floats that adds nothing is CPython's int start (prints 0), which
# apc's float result cannot be: apc stops rather than print 0.0.
xs = [1.5, 2.5]
print(sum(xs), sum(xs, 0.0), sum([x for x in xs if x > 9], 0.0), sum(xs, 10))
ys = [x for x in xs if x > 9]
print(sum(ys))
