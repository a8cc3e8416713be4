# Functions the hybrid benchmark compiles to time the boundary (per-call cost and conversions).
def total(xs: list[float]) -> float:
    s = 0.0
    for x in xs:
        s += x
    return s + len(xs) + xs[0]

def scale(xs: list[float], k: float) -> None:
    for i in range(len(xs)):
        xs[i] *= k

def step(grid: list[list[float]]) -> float:
    t = 0.0
    for row in grid:
        t += total(row)
    return t

def bump(grid: list[list[float]]) -> None:
    grid[0][0] = 1.0

def via(xs: list[float]) -> float:
    return total(xs) + max(xs)

def via2(xs: list[float]) -> None:
    scale(xs, 2.0)

def counts(d: dict[str, int], w: str) -> int:
    return d.get(w, 0) + len(d)

def add(d: dict[str, int], w: str) -> None:
    d[w] = 1

def make(n: int) -> list[list[float]]:
    return [[float(i * n + j) for j in range(n)] for i in range(n)]

def fails(xs: list[int], i: int) -> int:
    return xs[i]

def kerr(d: dict[str, int], k: str) -> int:
    return d[k]

def grow(n: int) -> int:
    x = 1
    for i in range(n):
        x = x * 3
    return x

def add1(x: int) -> int:
    return x + 1

def work(n: int) -> float:
    s = 0.0
    for i in range(n):
        s += i * 0.5
    return s
