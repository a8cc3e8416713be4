# ValueError from int() of a string that is not an integer literal (exit 1).
print(int(" 12 "), int("-3"))
s = "abc"
print(int(s))
