# apc must refuse: str.format on a non-constant format string, and format strings that always fail.
fmt = "{} and {}"
print(fmt.format(1, 2))  # error: E0301
print("{0} {2}".format("a", "b"))  # error: E0304
print("{name}".format(nom=1))  # error: E0304
print("{} {0}".format(1, 2))  # error: E0304
print("{0.real}".format(1))  # error: E0301
