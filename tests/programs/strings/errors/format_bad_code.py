# ValueError from a format code the type does not have: format(1.5, "d") (exit 1).
print(format(1.5, "f"), f"{2:d}")
x = 1.5
print(format(x, "d"))
