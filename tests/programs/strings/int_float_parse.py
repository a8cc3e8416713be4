# int(str) and float(str) on valid inputs: whitespace, signs, underscores, exponents, inf and nan spellings.
for s in ["42", "  -12 ", "+7", "1_000", "0", "-0", "007", "\t99\n", "1_2_3", " +0 ", "9223372036854775807", "-9223372036854775808", "١٢٣"]:
    print(repr(s), int(s))
for s in ["2.5", "  -1.5  ", "1e3", "1E-3", "+.5", "5.", "1_000.5", "inf", "-inf", "+Infinity", "iNF", "nan", "-nan", "NaN", "1e400", "-1e400", "0.1", "-0.0", "1e-320", "12", " 3_0e1_0 ", "123456789.123456789"]:
    print(repr(s), float(s))
print(int("10") + int(" 5 "), float("1.25") * 4, int(float("3.9")), int(-2.7), float(int("8")))
print(int(True), float(False), int(3.0), float("  7  ") == 7)
