# ValueError from float() of a string that is not a float literal (exit 1).
print(float(" 1e3 "), float("-inf"))
s = "x"
print(float(s))
