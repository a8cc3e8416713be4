# ValueError from int() of an empty string (exit 1).
print(int("0"))
print(int(""))
