# ValueError from int() of a float literal string (exit 1).
print(int("1_000"))
print(int("1.5"))
