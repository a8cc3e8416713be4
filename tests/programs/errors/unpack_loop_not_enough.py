# ValueError from unpacking list elements in a for target (exit 1).
rows = [[1, 2], [3]]
for a, b in rows:
    print(a, b)
