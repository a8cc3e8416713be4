# ValueError from list.index of a missing value: the message shows the value's repr (exit 1).
xs = [1, 2, 3]
print(xs.index(3))
xs.index(5)
