# Benchmark: k-means clustering (Lloyd's algorithm, a fixed number of rounds) of 2-D
# points scattered around K hidden centres drawn from an LCG (float loops over lists,
# argmin, per-cluster accumulators). Usage: kmeans.py [POINTS]; prints each final
# centre and its cluster size, then the total squared distance to the centres.
import sys

CLUSTERS = 8
ROUNDS = 20


def lcg_next(state: int) -> int:
    return (state * 1103515245 + 12345) % 2147483648


def make_points(n: int, xs: list, ys: list, seed: int) -> None:
    state = seed
    hidden_x = []
    hidden_y = []
    for _ in range(CLUSTERS):
        state = lcg_next(state)
        hidden_x.append(100.0 * state / 2147483648.0)
        state = lcg_next(state)
        hidden_y.append(100.0 * state / 2147483648.0)
    for i in range(n):
        c = i % CLUSTERS
        # roughly normal noise: a sum of three uniforms
        noise_x = 0.0
        noise_y = 0.0
        for _ in range(3):
            state = lcg_next(state)
            noise_x += state / 2147483648.0
            state = lcg_next(state)
            noise_y += state / 2147483648.0
        xs.append(hidden_x[c] + 6.0 * (noise_x - 1.5))
        ys.append(hidden_y[c] + 6.0 * (noise_y - 1.5))


def nearest(x: float, y: float, cx: list, cy: list) -> int:
    best = 0
    best_d = -1.0
    for c in range(CLUSTERS):
        dx = x - cx[c]
        dy = y - cy[c]
        d = dx * dx + dy * dy
        if best_d < 0.0 or d < best_d:
            best_d = d
            best = c
    return best


def kmeans(xs: list, ys: list, cx: list, cy: list, sizes: list) -> None:
    n = len(xs)
    for _ in range(ROUNDS):
        sum_x = [0.0] * CLUSTERS
        sum_y = [0.0] * CLUSTERS
        for c in range(CLUSTERS):
            sizes[c] = 0
        for i in range(n):
            c = nearest(xs[i], ys[i], cx, cy)
            sum_x[c] += xs[i]
            sum_y[c] += ys[i]
            sizes[c] += 1
        for c in range(CLUSTERS):
            if sizes[c] > 0:
                cx[c] = sum_x[c] / sizes[c]
                cy[c] = sum_y[c] / sizes[c]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120000
    xs = []
    ys = []
    make_points(n, xs, ys, 2024)
    # start from the first CLUSTERS points taken a stride apart
    cx = []
    cy = []
    for c in range(CLUSTERS):
        cx.append(xs[c * 7])
        cy.append(ys[c * 7])
    sizes = [0] * CLUSTERS
    kmeans(xs, ys, cx, cy, sizes)
    for c in range(CLUSTERS):
        print(cx[c], cy[c], sizes[c])
    total = 0.0
    for i in range(n):
        c = nearest(xs[i], ys[i], cx, cy)
        dx = xs[i] - cx[c]
        dy = ys[i] - cy[c]
        total += dx * dx + dy * dy
    print(total)


main()
