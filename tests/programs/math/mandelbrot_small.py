# Float kernel: Mandelbrot escape counts on a small grid, drawn as digits, plus total iteration checksum.
def escape(cr: float, ci: float, limit: int) -> int:
    zr = 0.0
    zi = 0.0
    n = 0
    while n < limit and zr * zr + zi * zi <= 4.0:
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        n += 1
    return n


total = 0
inside = 0
rows = 12
cols = 30
for y in range(rows):
    ci = -1.2 + 2.4 * y / (rows - 1)
    for x in range(cols):
        cr = -2.1 + 2.8 * x / (cols - 1)
        n = escape(cr, ci, 50)
        total += n
        if n == 50:
            inside += 1
            print("#", end="")
        else:
            print(n % 10, end="")
    print()
print("inside", inside, "iterations", total)
print(escape(0.0, 0.0, 1000), escape(-1.0, 0.0, 1000), escape(0.3, 0.5, 1000), escape(-0.75, 0.1, 1000))
