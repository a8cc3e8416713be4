# Default values are evaluated once, when the def runs: a later change to the global does not affect them.
BASE = 10


def with_default(x: int = BASE) -> int:
    return x


def reads_global() -> int:
    return BASE


print(with_default(), reads_global())
BASE = 20
print(with_default(), reads_global(), with_default(5))
