# time.perf_counter(): monotonic and non-negative elapsed time; only comparisons are printed.
import time

t0 = time.perf_counter()
s = 0
for i in range(100000):
    s += i % 7
t1 = time.perf_counter()
elapsed = t1 - t0
print(s)
print(elapsed >= 0.0, t1 >= t0, elapsed < 60.0)
t2 = time.perf_counter()
print(t2 >= t1)
