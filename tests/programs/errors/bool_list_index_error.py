# IndexError from a packed list[bool] index out of range (exit 1).
flags = [True] * 3
flags[-1] = False
print(flags)
print(flags[-4])
