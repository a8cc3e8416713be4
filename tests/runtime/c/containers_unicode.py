# Python twin of containers_unicode.c.
names = ["alpha", "digit", "space", "sigma-cased", "sigma-ignorable"]
start = [-1] * 5
out = []
for cp in range(0x110001):
    on = [False] * 5
    if cp < 0x110000 and not 0xD800 <= cp < 0xE000:
        ch = chr(cp)
        on[0] = ch.isalpha()
        on[1] = ch.isdigit()
        on[2] = ch.isspace()
        on[3] = (ch + "\u03a3").lower()[-1] == "\u03c2"
        on[4] = not on[3] and ("A" + ch + "\u03a3").lower()[-1] == "\u03c2"
        u, l, t = ch.upper(), ch.lower(), ch.capitalize()
        if u != ch or l != ch or t != ch:
            out.append("%X: %s / %s / %s" % (cp, *(" ".join("%X" % ord(c) for c in m) for m in (u, l, t))))
    for k in range(5):
        if on[k] and start[k] < 0:
            start[k] = cp
        if not on[k] and start[k] >= 0:
            out.append("%s %X-%X" % (names[k], start[k], cp - 1))
            start[k] = -1
print("\n".join(out))
