# KeyError with the repr of the missing key (exit 1).
d = {"a": 1}
print(d["a"])
print(d["missing"])
