# f-string fields whose spec starts with "=" ({x:=8}, {n:=^15}): a format spec, not a walrus.
neg = -42
n = 1234567
print(f"[{neg:=8}] [{neg:=+08}] [{ neg :=8}] [{n:=^+15,}] [{n:=<12}] [{n:=>12_}] [{neg:=^9}]")
x = 2.5
print(f"{x=}", f"{x = :.1f}", f"{(x):=^9}", "{0:=^9}".format(x))
