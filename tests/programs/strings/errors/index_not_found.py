# ValueError from str.index when the substring is missing (exit 1).
s = "hello"
print(s.index("l"))
print(s.index("z"))
