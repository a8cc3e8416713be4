# f-strings and str.format with the format mini-language for int, float and str.
n = 1234567
neg = -42
x = 3.14159265
big = 1e16
name = "apc"
print(f"[{n:10}] [{n:<10}] [{n:^10}] [{n:>10}] [{neg:=8}] [{neg:*^9}] [{n:_>12}] [{neg:010}] [{n:010}]")
print(f"[{n:+}] [{neg:+}] [{n: }] [{neg: }] [{n:-}] [{0:+d}] [{n:,}] [{n:_}] [{n:_x}] [{n:_b}] [{neg:,d}] [{n:+,}]")
print(f"[{n:x}] [{n:X}] [{n:#x}] [{n:#X}] [{n:o}] [{n:#o}] [{n:b}] [{n:#b}] [{neg:#x}] [{255:#010x}] [{n:n}] [{n:d}]")
print(f"[{n:e}] [{n:.2e}] [{n:E}] [{n:f}] [{n:.1f}] [{n:g}] [{n:G}] [{n:%}] [{n:.0%}]")
print(f"[{x}] [{x:f}] [{x:.0f}] [{x:.2f}] [{x:10.3f}] [{x:<10.3f}] [{x:^10.3f}] [{x:*>10.3f}] [{-x:=10.2f}] [{-x:010.2f}]")
print(f"[{x:e}] [{x:.3e}] [{x:E}] [{x:g}] [{x:.3g}] [{x:G}] [{x:%}] [{x:.1%}] [{x:+.2f}] [{x: .2f}] [{x:-.2f}] [{x:n}]")
print(f"[{big}] [{big:f}] [{big:,.2f}] [{big:g}] [{big:e}] [{1e-5}] [{1e-5:f}] [{1e-5:g}] [{1e-5:.2e}] [{0.5:.0f}] [{1.5:.0f}] [{2.5:.0f}]")
print(f"[{1234.5:,}] [{1234.5:_.2f}] [{1234567.891:,.2f}] [{-0.0}] [{-0.0:.1f}] [{-0.0:+g}] [{100.0:g}] [{1e100:g}] [{123456.0:g}] [{1234567.0:g}]")
print(f"[{1.0:#g}] [{1.0:#.0f}] [{1.0:#e}] [{0.0001:g}] [{0.00001:G}] [{x:.10}] [{x:.3}] [{1e20:.3}] [{2.0:.3}] [{x:15}] [{x:<15}]")
nan = float("nan")
inf = float("inf")
print(f"[{nan}] [{nan:f}] [{nan:F}] [{inf:e}] [{-inf:E}] [{inf:+}] [{inf:10}] [{nan:^7}] [{inf:010}] [{-inf:.2%}]")
print(f"[{name}] [{name:10}] [{name:<10}] [{name:>10}] [{name:^10}] [{name:*^10}] [{name:.2}] [{name:>6.1}] [{name:s}] [{'é✓':-^7}] [{'':3}]")
print(f"[{True}] [{False:>6}] [{True:d}] [{True:+}] [{None}] [{[1, 2]}] [{['a']}] [{(1, 2)!s}] [{name!r}] [{name!s}] [{name!r:>8}] [{x!r}] [{n!s:>9}]")
w = 12
p = 3
fill = "#"
print(f"[{x:{w}.{p}f}] [{x:>{w}}] [{name:{fill}^{w}}] [{n:{w},}] [{x:.{p}e}] [{n:{'x'}}]")
print(f"{x=}", f"{n = }", f"{name=}", f"{x=:.2f}", f"{n + 1=}", f"{name=!s}")
print(f"{{}}", f"{{{n}}}", f"a{{b", f"{n}{n}", f"{'nested'}", f"{'a' + 'b':>4}", f"{n:{'>'}{10}}")
print("{} {}".format(1, "two"), "{0} {1} {0}".format("a", "b"), "{name} is {age}".format(name="Bo", age=7), "{{ }} {}".format(5))
print("[{:>8.2f}] [{:^9}] [{:,}] [{:#x}] [{:+e}] [{:08.3f}] [{:%}]".format(x, name, n, 255, x, -x, 0.25))
print("[{0:>{1}}] [{x:.{p}f}] [{0!r}] [{1:03}]".format(name, 7, x=x, p=2))
print(format(n, ","), format(x, ".3f"), format(name, "^7"), format(255, "x"), format(x), format(n), format(True), format(1e16, ""))
print(f"{'é✓'!a}", f"{'x'!a:>5}", ascii("naïve ✓ \U0001F600"), ascii([1]), ascii("plain"), f"{[1, 2]!r:>10}", f"{(1,)!s:*<6}")
print("{!a} {!r:^9} {:{}{}}".format("ü", "q", 7, ">", 4), format(True, "d"), format(False, ">6"), format(1234.5, "_"), format(-7, "+05"))
