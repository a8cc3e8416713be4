# Module-level variables read by functions, mutated through `global`, and defined after the function.
counter = 0
total = 0.0
calls = 0


def bump(k: int) -> None:
    global counter, calls
    counter += k
    calls += 1


def add_total(v: float) -> None:
    global total
    global calls
    total += v
    calls += 1


def read_only() -> int:
    return counter * 10 + calls


def uses_later_global() -> int:
    return LIMIT * 2


for i in range(5):
    bump(i)
    print("counter", counter, "calls", calls, "read", read_only())
for i in range(4):
    add_total(i * 0.5)
    print("total", total, "calls", calls)
LIMIT = 21
print(uses_later_global())
LIMIT = 50
print(uses_later_global())


def reset() -> None:
    global counter
    counter = 0


reset()
print(counter, calls, total)


def make_new_global() -> None:
    global fresh
    fresh = 99


fresh = 1
make_new_global()
print(fresh)
