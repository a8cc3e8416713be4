# Sets: set()/set(list), add/remove/discard, in, | & - ^ and in-place forms, subset comparisons, ==, iteration order as CPython's for ints (negative, large) and tuples, printing.
e = set()
print(e, len(e), set([]), 3 in e)
e.add(-5)
e.add(10**12)
e.add(-1)
e.add(-2)
e.add(0)
e.add(2**40 + 3)
print(e)
neg = {-1, -2, -3, -100, 7, -7, 1000003, -1000003, 2**61, -(2**61)}
print(neg, len(neg))
s = set([5, 3, 3, 9, 1, 64, 32, 8])
print(s)
s.add(2)
s.remove(64)
s.discard(100)
s.discard(3)
print(s, 9 in s, 64 in s, 64 not in s)
a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b)
c = set(a)
c |= {10, 11}
print(c)
c &= {1, 2, 10, 99}
print(c)
c -= {2}
print(c)
c ^= {1, 50}
print(c)
print({1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1, 2} < {1, 2, 3}, {1, 2, 3} >= {3}, {1} > {1}, {4} <= {1, 2})
print({1, 2, 3} == {3, 2, 1}, {1} != {1, 2}, set() == set())
t = {(1, 2), (0, 0), (-1, 5), (2, 1), (100, -100)}
print(t, (0, 0) in t)
for pair in sorted(t):
    print(pair, end=" ")
print()
for p, q in t:
    print(p * q, end=" ")
print()
words = {"b", "a"}
print(len(words), "a" in words, sorted(words))
fl = {0.5, 1.5, -2.25, 1.0}
print(fl, 1 in fl)
total = 0
for x in {7, 3, 11, -4}:
    total = total * 2 + x
print(total)
big = set()
for i in range(50):
    big.add(i * 7919 % 1000 - 500)
print(big)
print(len(big), min(big), max(big), sum(big), sorted(big)[:3])
alias = c
c |= {3, 4}
c -= {50}
print(alias, len(alias))
lst = [1, 2]
same = lst
lst += [3]
print(same)
