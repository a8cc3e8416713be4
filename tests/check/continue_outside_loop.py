# apc must refuse: `continue` at module level outside any loop.
x = 3
if x > 2:
    continue  # error: E0401
print(x)
