# tuple.index of a missing value: ValueError with the tuple's message.
t = tuple([1.5, 2.5])
print(t.index(2.5))
print(t.index(3.5))
