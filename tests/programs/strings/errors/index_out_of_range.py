# IndexError from indexing a string past its end (exit 1).
s = "héllo"
print(s[4], s[-5])
i = len(s)
print(s[i])
