# Per-call cost of the hybrid boundary: each kernel as Python and through
# @apc.native (run with the built package on sys.path). Prints JSON lines.
import json
import sys
import timeit

import kernels as k

import apc

xs = [float(i) for i in range(1000)]
cases = [
    ("add1(int): no work", "add1", (5,), 1_000_000),
    ("work(20): 20-step float loop", "work", (20,), 200_000),
    ("total(list of 1000 floats)", "total", (xs,), 10_000),
    ("make(30): returns 30x30 NativeList", "make", (30,), 10_000),
]
for label, name, args, number in cases:
    f = getattr(k, name)
    nf = apc.native(f)
    py = min(timeit.repeat(lambda: f(*args), number=number, repeat=5)) / number
    nat = min(timeit.repeat(lambda: nf(*args), number=number, repeat=5)) / number
    print(json.dumps({"case": label, "python_ns": py * 1e9, "native_ns": nat * 1e9}))
