# apc must refuse: adding an int and a string literal.
n = 5
x = 1 + "a"  # error: E0201
print(n, x)
