# ValueError from max() of an empty generator (exit 1).
xs = [3, 1]
print(max(x for x in xs if x > 1))
print(max(x for x in xs if x > 5))
