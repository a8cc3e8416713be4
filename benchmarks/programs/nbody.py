# Benchmark: gravitational n-body simulation with softened forces and a leapfrog-style
# integrator over parallel lists of floats (positions, velocities, masses) drawn from
# an LCG. Usage: nbody.py [STEPS]; prints the total energy before and after.
import math
import sys

SOFTENING = 0.01
BODIES = 6


def lcg_next(state: int) -> int:
    return (state * 1103515245 + 12345) % 2147483648


def uniform(state: int) -> float:
    # a float in [-1, 1) from an LCG state
    return state / 1073741824.0 - 1.0


def energy(xs: list, ys: list, zs: list, vxs: list, vys: list, vzs: list, ms: list) -> float:
    n = len(xs)
    e = 0.0
    for i in range(n):
        e += 0.5 * ms[i] * (vxs[i] * vxs[i] + vys[i] * vys[i] + vzs[i] * vzs[i])
        for j in range(i + 1, n):
            dx = xs[i] - xs[j]
            dy = ys[i] - ys[j]
            dz = zs[i] - zs[j]
            e -= ms[i] * ms[j] / math.sqrt(dx * dx + dy * dy + dz * dz + SOFTENING)
    return e


def advance(xs: list, ys: list, zs: list, vxs: list, vys: list, vzs: list, ms: list, dt: float, steps: int) -> None:
    n = len(xs)
    for _ in range(steps):
        for i in range(n):
            for j in range(i + 1, n):
                dx = xs[i] - xs[j]
                dy = ys[i] - ys[j]
                dz = zs[i] - zs[j]
                d2 = dx * dx + dy * dy + dz * dz + SOFTENING
                mag = dt / (d2 * math.sqrt(d2))
                mj = ms[j] * mag
                mi = ms[i] * mag
                vxs[i] -= dx * mj
                vys[i] -= dy * mj
                vzs[i] -= dz * mj
                vxs[j] += dx * mi
                vys[j] += dy * mi
                vzs[j] += dz * mi
        for i in range(n):
            xs[i] += dt * vxs[i]
            ys[i] += dt * vys[i]
            zs[i] += dt * vzs[i]


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
    xs = []
    ys = []
    zs = []
    vxs = []
    vys = []
    vzs = []
    ms = []
    state = 20240601
    for _ in range(BODIES):
        state = lcg_next(state)
        xs.append(uniform(state))
        state = lcg_next(state)
        ys.append(uniform(state))
        state = lcg_next(state)
        zs.append(uniform(state))
        state = lcg_next(state)
        vxs.append(0.1 * uniform(state))
        state = lcg_next(state)
        vys.append(0.1 * uniform(state))
        state = lcg_next(state)
        vzs.append(0.1 * uniform(state))
        state = lcg_next(state)
        ms.append(1.0 + 0.5 * uniform(state))
    print(energy(xs, ys, zs, vxs, vys, vzs, ms))
    advance(xs, ys, zs, vxs, vys, vzs, ms, 0.001, steps)
    print(energy(xs, ys, zs, vxs, vys, vzs, ms))


main()
