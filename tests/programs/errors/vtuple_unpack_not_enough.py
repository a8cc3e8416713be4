# Unpacking a tuple(...) of the wrong length, in a comprehension.
rows = [tuple([1, 2]), tuple([3])]
print([a + b for a, b in [tuple([1, 2])]])
print([(a, b) for a, b in rows])
