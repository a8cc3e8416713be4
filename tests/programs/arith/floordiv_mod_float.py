# Float floor division and modulo sign table (result signs, -0.0 cases) and mixed int/float operands.
def show(a: float, b: float) -> None:
    q = a // b
    r = a % b
    print(a, b, q, r)


vals = 0
for i in range(-3, 4):
    for j in range(-2, 3):
        if j != 0:
            show(i * 2.5, j * 1.5)
            vals += 1
print(vals)
show(7.5, 2.0)
show(-7.5, 2.0)
show(7.5, -2.0)
show(-7.5, -2.0)
show(6.0, 3.0)
show(-6.0, 3.0)
show(6.0, -3.0)
show(-6.0, -3.0)
show(0.0, 1.0)
show(0.0, -1.0)
show(-0.0, 1.0)
show(0.1, 0.03)
show(-0.1, 0.03)
show(1e20, 3.0)
show(5.0, 1e20)
show(-5.0, 1e20)
print(7 // 2.0, 7 % 2.0, -7 // 2.0, -7 % 2.0)
print(7.0 // 2, -7.0 % 2, 7.0 % -2, -7.5 // 2)
print(-7 % 2.5, 7 % -2.5, 2.5 // -1)
z = 10.0
z //= -3
print(z)
z %= 1.25
print(z)
