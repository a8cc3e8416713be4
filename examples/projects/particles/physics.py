"""Gravitational particles: the numeric core of the simulation."""
import math


def make_particles(n: int, seed: int) -> list[list[float]]:
    """Positions, velocities and masses from a small LCG, one row per particle:
    [x, y, vx, vy, m]."""
    state = seed
    rows = []
    for _ in range(n):
        row = []
        for _ in range(5):
            state = (state * 1103515245 + 12345) % 2147483648
            row.append(state / 2147483648.0)
        row[2] = (row[2] - 0.5) * 0.1
        row[3] = (row[3] - 0.5) * 0.1
        row[4] = 0.5 + row[4]
        rows.append(row)
    return rows


def energy(ps: list[list[float]], softening: float) -> float:
    e = 0.0
    n = len(ps)
    for i in range(n):
        p = ps[i]
        e += 0.5 * p[4] * (p[2] * p[2] + p[3] * p[3])
        for j in range(i + 1, n):
            q = ps[j]
            dx = p[0] - q[0]
            dy = p[1] - q[1]
            e -= p[4] * q[4] / math.sqrt(dx * dx + dy * dy + softening * softening)
    return e


def advance(ps: list[list[float]], steps: int, dt: float, softening: float) -> None:
    n = len(ps)
    eps2 = softening * softening
    for _ in range(steps):
        for i in range(n):
            p = ps[i]
            ax = 0.0
            ay = 0.0
            for j in range(n):
                if i != j:
                    q = ps[j]
                    dx = q[0] - p[0]
                    dy = q[1] - p[1]
                    inv = 1.0 / math.sqrt(dx * dx + dy * dy + eps2)
                    f = q[4] * inv * inv * inv
                    ax += dx * f
                    ay += dy * f
            p[2] += ax * dt
            p[3] += ay * dt
        for i in range(n):
            p = ps[i]
            p[0] += p[2] * dt
            p[1] += p[3] * dt
