# Module-level code as the main program: statements, loops and ifs at top level between defs.
print("start")
n = 4
squares = 0
for i in range(1, n + 1):
    squares += i * i
print("sum of squares", squares)


def cube(k: int) -> int:
    return k * k * k


cubes = 0
i = 1
while i <= n:
    cubes += cube(i)
    i += 1
print("sum of cubes", cubes)
if cubes == squares * squares // 3:
    print("unexpected")
elif cubes == 100:
    print("cubes is 100")
else:
    print("other")
print(i)
print("end")
