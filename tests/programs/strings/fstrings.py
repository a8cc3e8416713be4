# f-strings with the format mini-language: width, fill, alignment, sign, grouping, precision, types.
x = 3.14159265
n = 1234567
name = "apc"
print(f"{x}", f"{x:.2f}", f"{x:10.3f}|", f"{x:<10.1f}|", f"{x:^10.2f}|", f"{x:+.1e}")
print(f"{n:,}", f"{n:_}", f"{n:>12,}|", f"{n:x}", f"{n:#o}", f"{n:b}", f"{-n:08d}")
print(f"{name!r}", f"{name:>6}|", f"{name:*^9}", f"{0.256:.1%}", f"{1e-7:g}", f"{123456789.0:g}")
print(f"{n} items at {x:.3f} each = {n * x:,.2f}")
w = 8
print(f"{name:>{w}}|", f"{{literal}}", f"{True}", f"{[1, 2]}", f"{(1, 'a')}")
