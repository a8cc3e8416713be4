"""A small ray tracer: spheres with diffuse shading, shadows and one bounce
of reflection. Each sphere is [cx, cy, cz, r, red, green, blue, reflectivity]."""
import math

INF = 1e30


def hit_sphere(s: list[float], ox: float, oy: float, oz: float, dx: float, dy: float, dz: float) -> float:
    """Distance along the ray to the sphere, or INF."""
    lx = ox - s[0]
    ly = oy - s[1]
    lz = oz - s[2]
    b = lx * dx + ly * dy + lz * dz
    c = lx * lx + ly * ly + lz * lz - s[3] * s[3]
    disc = b * b - c
    if disc < 0.0:
        return INF
    root = math.sqrt(disc)
    t = -b - root
    if t > 1e-4:
        return t
    t = -b + root
    if t > 1e-4:
        return t
    return INF


def nearest(spheres: list[list[float]], ox: float, oy: float, oz: float, dx: float, dy: float, dz: float) -> tuple[int, float]:
    best = -1
    best_t = INF
    for i in range(len(spheres)):
        t = hit_sphere(spheres[i], ox, oy, oz, dx, dy, dz)
        if t < best_t:
            best_t = t
            best = i
    return best, best_t


def shade(spheres: list[list[float]], light: list[float], ox: float, oy: float, oz: float, dx: float, dy: float, dz: float, depth: int) -> tuple[float, float, float]:
    i, t = nearest(spheres, ox, oy, oz, dx, dy, dz)
    if i < 0:
        sky = 0.5 * (dy + 1.0)
        return 0.2 + 0.3 * sky, 0.3 + 0.4 * sky, 0.5 + 0.5 * sky
    s = spheres[i]
    px = ox + dx * t
    py = oy + dy * t
    pz = oz + dz * t
    nx = (px - s[0]) / s[3]
    ny = (py - s[1]) / s[3]
    nz = (pz - s[2]) / s[3]
    lx = light[0] - px
    ly = light[1] - py
    lz = light[2] - pz
    ld = math.sqrt(lx * lx + ly * ly + lz * lz)
    lx /= ld
    ly /= ld
    lz /= ld
    diffuse = max(0.0, nx * lx + ny * ly + nz * lz)
    j, ts = nearest(spheres, px, py, pz, lx, ly, lz)
    if j >= 0 and ts < ld:
        diffuse *= 0.25
    r = s[4] * (0.1 + 0.9 * diffuse)
    g = s[5] * (0.1 + 0.9 * diffuse)
    b = s[6] * (0.1 + 0.9 * diffuse)
    k = s[7]
    if k > 0.0 and depth > 0:
        dn = dx * nx + dy * ny + dz * nz
        rx = dx - 2.0 * dn * nx
        ry = dy - 2.0 * dn * ny
        rz = dz - 2.0 * dn * nz
        cr, cg, cb = shade(spheres, light, px, py, pz, rx, ry, rz, depth - 1)
        r = r * (1.0 - k) + cr * k
        g = g * (1.0 - k) + cg * k
        b = b * (1.0 - k) + cb * k
    return r, g, b


def to_byte(v: float) -> int:
    c = int(v * 255.0 + 0.5)
    return 0 if c < 0 else 255 if c > 255 else c


def render(width: int, height: int, spheres: list[list[float]], light: list[float]) -> list[int]:
    """Row-major RGB bytes of the image."""
    pixels = []
    aspect = width / height
    for y in range(height):
        for x in range(width):
            dx = (2.0 * (x + 0.5) / width - 1.0) * aspect
            dy = 1.0 - 2.0 * (y + 0.5) / height
            dz = 1.5
            n = math.sqrt(dx * dx + dy * dy + dz * dz)
            r, g, b = shade(spheres, light, 0.0, 0.5, -1.0, dx / n, dy / n, dz / n, 2)
            pixels.append(to_byte(r))
            pixels.append(to_byte(g))
            pixels.append(to_byte(b))
    return pixels
