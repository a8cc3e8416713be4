# Compile-time benchmark input: a ~100-line "realistic" program in apc's subset
# (simulation + statistics + number theory), used to time the phases of `apc build`.
import math
import sys

seed = 12345


def next_random() -> float:
    # linear congruential generator in [0, 1); its state is the module global `seed`
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648


def projectile_range(speed: float, angle_deg: float, drag: float, dt: float) -> float:
    angle = angle_deg * math.pi / 180.0
    vx = speed * math.cos(angle)
    vy = speed * math.sin(angle)
    x = 0.0
    y = 0.0
    steps = 0
    while y >= 0.0 and steps < 100000:
        v = math.sqrt(vx * vx + vy * vy)
        vx -= drag * v * vx * dt
        vy -= (9.81 + drag * v * vy) * dt
        x += vx * dt
        y += vy * dt
        steps += 1
    return x


def best_angle(speed: float, drag: float) -> int:
    best = 0
    best_x = -1.0
    for a in range(5, 86, 5):
        x = projectile_range(speed, a * 1.0, drag, 0.01)
        if x > best_x:
            best_x = x
            best = a
    return best


def mean_and_stddev(n: int) -> float:
    total = 0.0
    total_sq = 0.0
    for _ in range(n):
        r = next_random()
        total += r
        total_sq += r * r
    mean = total / n
    variance = total_sq / n - mean * mean
    print("mean", round(mean, 4), "stddev", round(math.sqrt(variance), 4))
    return mean


def smallest_factor(n: int) -> int:
    if n % 2 == 0:
        return 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return d
        d += 2
    return n


def count_factors(n: int) -> int:
    count = 0
    while n > 1:
        p = smallest_factor(n)
        n //= p
        count += 1
    return count


def estimate_pi(samples: int) -> float:
    hits = 0
    for _ in range(samples):
        x = next_random()
        y = next_random()
        if x * x + y * y < 1.0:
            hits += 1
    return 4.0 * hits / samples


def histogram(n: int, buckets: int) -> None:
    for b in range(buckets):
        lo = b / buckets
        hi = (b + 1) / buckets
        count = 0
        for i in range(n):
            v = math.sin(i * 0.37) * 0.5 + 0.5
            if lo <= v < hi:
                count += 1
        print(b, count)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print("best angle without drag:", best_angle(50.0, 0.0))
    print("best angle with drag:", best_angle(50.0, 0.01))
    mean_and_stddev(n)
    total = 0
    for k in range(2, n):
        total += count_factors(k)
    print("prime factors of 2..n-1:", total)
    print("pi estimate:", round(estimate_pi(n * 10), 3), "error below 0.1:", abs(estimate_pi(n) - math.pi) < 0.1)
    histogram(n, 8)


main()
