# apc must refuse: try/except is not in the compiled subset.
x = 10
try:  # error: E0301
    y = x // 2
except:
    y = 0
print(x)
