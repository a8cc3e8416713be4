# Lists: [x] * n, +, in, comparisons, extend/insert/pop/remove/index/count/reverse/copy/clear, stable sort with key/reverse, aliasing.
a = [1, 2, 3]
b = [1, 2, 4]
print(a == b, a != b, a < b, a <= b, a > b, a >= b, [1, 2] < [1, 2, 0], [] < [0], [3] > [2, 9])
print([1.5, 2.0] < [1.5, 2.5], ["ab", "b"] < ["ab", "a"], [[1, 2], [3]] < [[1, 2], [2]])
print([0] * 4, [1, 2] * 3, 3 * [7], [5] * -2, [] * 10, [[0]] * 2)
print(a + b, a + [], [] + [], 2 in a, 9 in a, 9 not in a, "x" in ["x", "y"], 2.5 in [1.0, 2.5])
xs = [5]
xs.extend([6, 7])
xs.extend([0, 1, 2])
xs.extend(xs)
print(xs, len(xs))
xs.extend((100, 200))
print(xs)
xs.insert(0, -1)
xs.insert(-2, -2)
xs.insert(-100, -3)
xs.insert(100, -4)
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(-1), xs.pop(3), xs)
print(xs.count(5), xs.count(0), xs.count(42), xs.index(7), xs.index(0))
xs.remove(5)
print(xs)
xs.reverse()
print(xs)
c = xs.copy()
c.append(1000)
print(xs, c)
c.clear()
print(c, len(c), xs)
words = ["pear", "fig", "apple", "kiwi", "date", "banana", "plum"]
print(sorted(words, key=len), sorted(words, key=len, reverse=True))
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
words.sort()
print(words)
words.sort(reverse=True)
print(words)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y"), (3, "c"), (2, "c")]



def first(p):
    return p[0]


def second(p):
    return p[1]


print(sorted(pairs, key=first), sorted(pairs, key=first, reverse=True))
pairs.sort(key=second)
print(pairs)
pairs.sort()
print(pairs)
fl = [3.5, -1.0, 2.25, 0.0, -7.5]
fl.sort()
print(fl, sorted(fl, key=abs), sorted(fl, reverse=True))
grid = [[0.0] * 3 for _ in range(3)]
row = grid[1]
row[2] = 1.5
grid[0][0] = -2.0
alias = grid
alias[2][1] = 9.25
print(grid, row)
shared = [[0]] * 3
shared[0].append(1)
print(shared)
people = [{"ann": 31, "cy": 40}, {"bob": 25}]
people[1]["bob"] += 1
print(people, people[0]["cy"], people[0] == {"cy": 40, "ann": 31})
coords = [(1.0, 2.0), (3.5, -1.0)]
coords.append((0.0, 0.0))
print(coords, coords[1][0], [x for x, _ in coords])
bl = [True, False, True]
bl.extend([False, False])
bl.insert(1, True)
print(bl, bl.pop(), bl.pop(0), bl.count(False), bl.index(False), True in bl)
bl.remove(False)
bl.reverse()
print(bl, bl * 2, bl + [True], bl == [True, False, True], sorted(bl))
bl.sort(reverse=True)
print(bl, bl.copy(), len(bl))
bl.clear()
print(bl)
