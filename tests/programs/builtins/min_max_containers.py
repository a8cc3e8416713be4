# min/max over lists of lists, tuples and strs: the first element is taken
# without comparing it with anything (the running best starts as a placeholder).
rows = [[3, 1], [1, 2], [1, 2, 0], [2]]
print(min(rows), max(rows))
print(min(rows, key=len), max(rows, key=lambda r: r[-1]))
pairs = [("b", 2), ("a", 9), ("a", 1)]
print(min(pairs), max(pairs))
words = ["pear", "fig", "apple"]
print(min(words), max(words), min(words, key=len))
nested = [[[2]], [[1, 5]], [[1]]]
print(min(nested), max(nested))
