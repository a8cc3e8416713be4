# IndexError from a tuple index out of range (exit 1).
t = (1, 2, 3)
i = len(t)
print(t[-3])
print(t[i])
