# Lists: literals, indexing (negative too), assignment, len, append, pop, insert, remove, index, count, in, printing.
xs = [3, 1, 4, 1, 5, 9, 2, 6]
print(xs, len(xs), xs[0], xs[-1], xs[-3])
xs[2] = 40
xs.append(7)
print(xs)
print(xs.pop(), xs.pop(0), xs)
xs.insert(1, 100)
xs.insert(-1, 200)
xs.insert(50, 300)
print(xs)
xs.remove(1)
print(xs, xs.index(9), xs.count(1), 9 in xs, 42 in xs, 42 not in xs)
empty = []
print(empty, len(empty))
for i in range(3):
    empty.append(i * 1.5)
print(empty, empty[1])
nested = [[1.0, 2.0], [3.0], []]
nested[1].append(4.5)
print(nested, len(nested[0]), nested[0][1])
print([True, False], [None], [0] if len(xs) > 2 else [1])
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print(grid)
print([1, 2] + [3], [7] * 3, [1, 2] * 0)
ys = xs.copy()
ys.reverse()
print(ys, xs == ys, [1, 2] < [1, 3], [1, 2] == [1, 2])
total = 0
for x in xs:
    total += x
print(total)
