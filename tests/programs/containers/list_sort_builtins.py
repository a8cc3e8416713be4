# sorted/sort (stable, reverse, key=lambda), sum/min/max/any/all over lists and generators, enumerate, zip, reversed.
words = ["pear", "fig", "apple", "kiwi", "banana", "date"]
print(sorted(words))
print(sorted(words, key=lambda w: len(w)))
print(sorted(words, key=lambda w: len(w), reverse=True))
nums = [5, 3, 8, 1, 9, 2]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
print(sum(nums), min(nums), max(nums), sum([0.5, 0.25]), sum(nums, 10))
print(any(x > 8 for x in nums), all(x > 0 for x in nums), any([]), all([]))
print(max(words, key=lambda w: len(w)), min(words))
for i, w in enumerate(words):
    if i % 2 == 0:
        print(i, w)
for i, w in enumerate(words, 1):
    print(i, end=" ")
print()
for a, b in zip(nums, words):
    print(a, b)
for x in reversed(nums):
    print(x, end=",")
print()
for i in reversed(range(0, 10, 3)):
    print(i, end=" ")
print()
print(sum(x * x for x in range(10)), [x for x in range(20) if x % 3 == 0 if x % 2 == 0])
pairs = [(x, y) for x in range(3) for y in range(x)]
print(pairs)
print(list(range(5)), list("abc"), sorted({3, 1, 2}))
