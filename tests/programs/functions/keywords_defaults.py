# Default parameter values and keyword arguments at call sites, in any order, for annotated and unannotated functions.
def box(w: int, h: int = 2, d: int = 3) -> int:
    print("  box", w, h, d)
    return w * h * d


def lerp(a: float, b: float, t: float = 0.5) -> float:
    return a + (b - a) * t


def greet(times=1, loud=False):
    for i in range(times):
        if loud:
            print("HELLO", i)
        else:
            print("hello", i)


def offset(x, by=10):
    return x + by


print(box(1))
print(box(1, 5))
print(box(1, 5, 7))
print(box(1, d=10))
print(box(d=1, w=2, h=3))
print(box(h=4, w=5))
print(box(2, h=3, d=4))
print(lerp(0.0, 10.0))
print(lerp(0.0, 10.0, 0.25))
print(lerp(b=4.0, a=2.0))
print(lerp(1.0, t=0.75, b=5.0))
greet()
greet(2)
greet(loud=True)
greet(loud=True, times=2)
print(offset(5), offset(5, 1), offset(by=-3, x=3), offset(2.5), offset(2.5, by=0.5))
