# Format-spec corner cases: z, c, huge precision, % and g rounding, floats in containers, nested specs.
x = 3.14159265
n = 1234567
print(f"{1e16:,}", f"{-0.0:g}", f"{1e16:.0f}", f"{x:.30f}", f"{0.1:.20}", f"{65:c}", f"{x:z.1f}", f"{-0.0001:z.1f}", f"{12345:n}")
print(f"{float('nan'):=+10}", f"{n:=^+15,}", f"{x:,.3f}", f"{1e-7}", repr(5e-324), str(1.7976931348623157e308), f"{n:#_o}", f"{n:08,}", f"{-n:012_}")
print({1.5: "a", -0.0: "b"}, [float("inf"), float("nan")], (1e16, 1e-5), f"{[1.5, 2.0]}", f"{({'k': 1.0},)}")
print("ab" * True, "x" * False, -0.0 == 0.0, f"{x!s:.3}", f"{n:>{n % 7 + 3}}", f"{x:{'.2f'}}")
print(f"{0.5:.0%}", f"{1/3:.2%}", f"{1e300:e}", f"{1.5e-300:g}", f"{123.456:.2g}", f"{123.456:#.2g}", f"{0.0:e}", f"{100:e}", f"{100:.0e}")
print(f"{3:.2f}", f"{-3:+.1e}", f"{7:%}", f"{2**40:g}", f"{True:.2f}", f"{n:G}", f"{12.0:n}", f"{1234567.0:n}")
print(str(-1e-7), str(1e15 + 0.3), str(2.0**63), str(-2.5e-10), repr(1.0e-4), str(123456789.0e7))
