# s[i] on ASCII and non-ASCII strings (inline fast path), negative indices, and the IndexError.
s = "hello wörld"
t = "plain"
print(s[0], s[-1], s[7], t[4], t[-5], [t[i] for i in range(len(t))], [s[i] for i in range(len(s))])
n = 0
for i in range(len(t)):
    if t[i] == "l":
        n += 1
print(n)
print(t[5])
