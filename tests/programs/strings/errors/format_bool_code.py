# ValueError from a format code on a bool names the bool type (exit 1).
flag = True
print(f"{flag:>5}")
print(f"{flag:s}")
