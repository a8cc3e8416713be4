# ValueError from a precision on an integer format spec in str.format (exit 1).
print("{:>5}".format(42))
print("{:.2}".format(42))
