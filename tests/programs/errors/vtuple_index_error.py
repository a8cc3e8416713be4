# tuple(...)[i] past either end: IndexError with the tuple's message.
xs = [1, 2, 3]
t = tuple(x * 10 for x in xs)
print(t[-3], t[2])
print(t[-4])
