# Python twin of containers_format.c.
import struct
import sys


def h(x):
    return bytes.fromhex(x[1:]).decode("utf-8", "surrogateescape")


for line in sys.stdin:
    f = line.split()
    if len(f) != 3:
        continue
    kind, raw, spec = f[0], f[1], h(f[2])
    if kind == "i": v = int(raw)
    elif kind == "f": v = struct.unpack("<d", bytes.fromhex(raw)[::-1])[0]
    elif kind == "s": v = h(raw)
    else: v = raw == "1"
    try:
        print(repr(format(v, spec)))
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
