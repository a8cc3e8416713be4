# ValueError from str.split with an empty separator (exit 1).
print("a,b".split(","))
sep = ""
print("a b".split(sep))
