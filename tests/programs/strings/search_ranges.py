# str.find/index/count/startswith/endswith with start and end (code point indices, negative, past the end).
s = "the cat sat on the mat"
print(s.find("at", 6), s.find("at", 6, 9), s.find("at", 6, 10), s.find("", 100), s.find("", 22), s.find("t", -3), s.find("t", -100), s.find("", 2, 1))
print(s.index("t", 1), s.index("at", -4), s.index("", 5, 5), s.count("at", 10), s.count("at", -6), s.count("", 20), s.count("", 30), s.count("t", 0, -4))
print(s.startswith("cat", 4), s.startswith("cat", 4, 6), s.startswith("", 22), s.startswith("", 23), s.endswith("sat", 0, 11), s.endswith("mat", -3), s.endswith("", 5, 2))
u = "héllo wörld ✓ héllo"
print(u.find("é", 2), u.find("llo", -5), u.count("l", 3, -3), u.index("✓", 5, 13), u.startswith("wö", 6), u.endswith("✓", 0, 13), u.find("h", 1, True))
i = 0
hits = []
while True:
    i = u.find("l", i)
    if i < 0:
        break
    hits.append(i)
    i += 1
print(hits)
