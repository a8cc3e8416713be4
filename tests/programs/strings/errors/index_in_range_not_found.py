# ValueError from str.index with a start past the only match (exit 1).
s = "abcabc"
print(s.index("c", 3))
print(s.index("a", 4))
