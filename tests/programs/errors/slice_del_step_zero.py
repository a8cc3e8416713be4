# ValueError from deleting a slice with step 0 (exit 1).
xs = [True, False, True]
n = len(xs) - 3
del xs[::2]
print(xs)
del xs[::n]
