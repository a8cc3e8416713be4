# Benchmark: an object-oriented particle simulation in a unit box. Three kinds of
# particle (subclasses) override how they move at the walls; the loop calls methods
# through the base class, so every step is a virtual dispatch. Initial states come
# from an LCG. Usage: oosim.py [STEPS]; prints the wall hits per kind and the total
# kinetic energy.
import sys


def lcg_next(state: int) -> int:
    return (state * 1103515245 + 12345) % 2147483648


class Particle:
    def __init__(self, x: float, y: float, vx: float, vy: float, mass: float) -> None:
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy
        self.mass = mass
        self.hits = 0

    def kind(self) -> int:
        return 0

    def step(self, dt: float) -> None:
        self.x += self.vx * dt
        self.y += self.vy * dt
        if self.x < 0.0 or self.x > 1.0 or self.y < 0.0 or self.y > 1.0:
            self.hits += 1
            self.at_wall()

    def at_wall(self) -> None:
        pass

    def kinetic_energy(self) -> float:
        return 0.5 * self.mass * (self.vx * self.vx + self.vy * self.vy)


class Bouncer(Particle):
    # reflects elastically
    def kind(self) -> int:
        return 0

    def at_wall(self) -> None:
        if self.x < 0.0:
            self.x = -self.x
            self.vx = -self.vx
        elif self.x > 1.0:
            self.x = 2.0 - self.x
            self.vx = -self.vx
        if self.y < 0.0:
            self.y = -self.y
            self.vy = -self.vy
        elif self.y > 1.0:
            self.y = 2.0 - self.y
            self.vy = -self.vy


class Wrapper(Particle):
    # leaves through one wall and comes back through the opposite one
    def kind(self) -> int:
        return 1

    def at_wall(self) -> None:
        if self.x < 0.0:
            self.x += 1.0
        elif self.x > 1.0:
            self.x -= 1.0
        if self.y < 0.0:
            self.y += 1.0
        elif self.y > 1.0:
            self.y -= 1.0


class Damped(Bouncer):
    # reflects, losing a tenth of its speed
    def kind(self) -> int:
        return 2

    def at_wall(self) -> None:
        Bouncer.at_wall(self)
        self.vx *= 0.9
        self.vy *= 0.9


def make_particles(count: int, seed: int) -> list:
    particles = []
    state = seed
    for i in range(count):
        values = []
        for _ in range(5):
            state = lcg_next(state)
            values.append(state / 2147483648.0)
        x, y, vx, vy, mass = values
        vx = 2.0 * vx - 1.0
        vy = 2.0 * vy - 1.0
        mass = 0.5 + mass
        if i % 3 == 0:
            particles.append(Bouncer(x, y, vx, vy, mass))
        elif i % 3 == 1:
            particles.append(Wrapper(x, y, vx, vy, mass))
        else:
            particles.append(Damped(x, y, vx, vy, mass))
    return particles


def simulate(particles: list, steps: int, dt: float) -> None:
    for _ in range(steps):
        for p in particles:
            p.step(dt)


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 36000
    particles = make_particles(300, 99)
    simulate(particles, steps, 0.01)
    hits = [0, 0, 0]
    energy = 0.0
    for p in particles:
        hits[p.kind()] += p.hits
        energy += p.kinetic_energy()
    print(hits[0], hits[1], hits[2])
    print(energy)


main()
