# Sets of ints: literals, add/remove/discard, in, | & - ^, len, iteration order as CPython's.
s = {5, 3, 1}
s.add(4)
s.add(3)
print(s, len(s), 3 in s, 7 in s)
s.discard(10)
s.remove(5)
print(s)
a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, a ^ b)
big = set()
for i in range(0, 200, 7):
    big.add(i * 13 % 101)
print(big)
print(sorted(big)[:5], len(big))
print({x % 5 for x in range(20)})
print(set(), set([3, 3, 1]))
