# Short-circuit evaluation order of and/or/not and conditional expressions, observed through print side effects.
def t(label: int) -> bool:
    print("  t", label)
    return True


def f(label: int) -> bool:
    print("  f", label)
    return False


def v(n: int) -> int:
    print("  v", n)
    return n


print("a")
print(t(1) and f(2))
print("b")
print(f(3) and t(4))
print("c")
print(t(5) or f(6))
print("d")
print(f(7) or t(8))
print("e")
print(t(9) and t(10) and f(11) and t(12))
print("f")
print(f(13) or f(14) or t(15) or t(16))
print("g")
print(f(17) and t(18) or t(19))
print("h")
print(t(20) or f(21) and f(22))
print("i")
print(not (f(23) or t(24)))
print("j")
print(v(0) and v(1))
print("k")
print(v(2) and v(3))
print("l")
print(v(0) or v(0) or v(4) or v(5))
print("m")
x = v(10) if t(25) else v(11)
print(x)
print("n")
y = v(12) if f(26) else v(13)
print(y)
print("o")
if v(0) or f(27):
    print("yes")
else:
    print("no")
print("p")
i = 0
while i < 3 and t(i):
    i += 1
print(i)
print("q")
z = v(1) if v(0) else (v(2) if v(3) else v(4))
print(z)
