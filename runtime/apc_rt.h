/* apc runtime: the C side of every compiled program.
 *
 * Owns: buffered stdout with CPython's formatting of int/float/bool/None/str,
 * runtime errors printed as CPython tracebacks (exit status 1), math with
 * CPython's domain/range errors, int/float parsing, sys.argv, sys.exit,
 * time.perf_counter, rounding, recursion-depth limit and the native-stack
 * overflow guard, and `main`, which calls the compiled module body.
 * Does not own: arithmetic on known layouts (the compiler emits it inline as
 * LLVM IR) or code generation of any kind.
 *
 * ABI: every function is plain C with fixed-width types; the backend declares
 * exactly these prototypes. Python `int` is int64_t, `float` is double, `bool`
 * is bool (i1 in LLVM, zero-extended to i8 at the C boundary), `str` is a
 * pointer to apc_str. Functions named apc_raise_* never return.
 */
#ifndef APC_RT_H
#define APC_RT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* An immutable string: UTF-8 bytes, not NUL-terminated in general (but the
 * runtime always allocates one extra NUL byte after data). Literals are
 * constant globals the compiler emits with the same layout
 * { i64 len, [N x i8] data }. An 8-byte header keeps a short word in the
 * collector's 16-byte class (a word count holds millions of them). */
typedef struct apc_str {
  int64_t len;
  char data[];
} apc_str;

typedef struct apc_site {
  const char *func; /* Python function name, or "<module>" */
  int32_t line;     /* 1-based source line */
  int32_t col;      /* 1-based source column */
} apc_site;

/* ---- program lifecycle ------------------------------------------------- */
/* Provided by the compiled module (not by the runtime) in executables. */
void apc_module_main(void);
/* Called by the runtime's main before apc_module_main. `file` is the Python
 * source file name used in tracebacks. */
void apc_init(int argc, char **argv);
void apc_set_source_file(const char *file);
/* Flush stdout and exit with status code (sys.exit(int)). */
_Noreturn void apc_exit(int64_t code);
/* sys.exit("message"): message to stderr, exit status 1. */
_Noreturn void apc_exit_str(const apc_str *msg);
void apc_flush(void);

/* ---- printing (stdout, buffered; flushed at exit and before any error) - */
void apc_print_int(int64_t v);
void apc_print_float(double v);      /* repr(): shortest round-trip */
void apc_print_bool(bool v);         /* True / False */
void apc_print_none(void);           /* None */
void apc_print_str(const apc_str *s);

/* ---- conversions ------------------------------------------------------- */
/* Formatting into a fresh heap string. */
apc_str *apc_str_from_int(int64_t v);
apc_str *apc_str_from_float(double v);
apc_str *apc_str_from_bool(bool v);
/* int(str) / float(str) with CPython's accepted syntax (surrounding
 * whitespace, sign, underscores between digits; float also inf/nan/exponent).
 * Errors: ValueError "invalid literal for int() with base 10: 'x'",
 * "could not convert string to float: 'x'"; an int literal past 64 bits
 * raises OverflowError naming apc's 64-bit limit. */
int64_t apc_int_from_str(const apc_str *s, const apc_site *site);
double apc_float_from_str(const apc_str *s, const apc_site *site);
/* int(float), math.floor/ceil/trunc results: NaN -> ValueError "cannot
 * convert float NaN to integer", inf -> OverflowError "cannot convert float
 * infinity to integer", outside int64 -> OverflowError (apc limit). */
int64_t apc_float_to_int(double v, const apc_site *site);
bool apc_float_is_int64(double v);

/* ---- arithmetic that is not inlined ----------------------------------- */
/* int / int when an operand is past 2**53: the exactly rounded quotient
 * (the divisor is nonzero; the compiler checks). */
double apc_int_truediv(int64_t a, int64_t b);
/* int ** int with exp >= 0, overflow -> OverflowError. */
int64_t apc_int_pow(int64_t base, int64_t exp, const apc_site *site);
/* float ** float with CPython's rules: 0.0 ** negative -> ZeroDivisionError
 * "0.0 cannot be raised to a negative power"; negative ** non-integer ->
 * ValueError explaining CPython would give a complex; overflow ->
 * OverflowError "(34, 'Numerical result out of range')". */
double apc_float_pow(double base, double exp, const apc_site *site);
/* Python float // and % (floor toward -inf; sign of % follows divisor);
 * zero divisor -> ZeroDivisionError "float floor division by zero" /
 * "float modulo". */
double apc_float_floordiv(double a, double b, const apc_site *site);
double apc_float_mod(double a, double b, const apc_site *site);
/* round(x) -> int, banker's rounding (ties to even); errors as
 * apc_float_to_int. */
int64_t apc_round_float(double v, const apc_site *site);
/* round(x, nd) -> float, correctly rounded like CPython (nd may be < 0). */
double apc_round_float_nd(double v, int64_t nd);
/* Added: the same with a site, for CPython's OverflowError "rounded value
 * too large to represent" (e.g. round(1.7e308, -308)); apc_round_float_nd
 * raises that error without a source line. */
double apc_round_float_nd_at(double v, int64_t nd, const apc_site *site);
/* round(int, nd) -> int: nd >= 0 is the identity; nd < 0 rounds half to even
 * at 10**-nd. */
int64_t apc_round_int_nd(int64_t v, int64_t nd, const apc_site *site);

/* ---- math module ------------------------------------------------------- */
/* Each raises ValueError("math domain error") / OverflowError("math range
 * error") exactly where CPython's math module does. */
double apc_math_sqrt(double x, const apc_site *site);
double apc_math_exp(double x, const apc_site *site);
double apc_math_log(double x, const apc_site *site);
double apc_math_log_base(double x, double base, const apc_site *site);
double apc_math_log2(double x, const apc_site *site);
double apc_math_log10(double x, const apc_site *site);
double apc_math_pow(double x, double y, const apc_site *site);
double apc_math_sin(double x, const apc_site *site);
double apc_math_cos(double x, const apc_site *site);
double apc_math_tan(double x, const apc_site *site);
double apc_math_asin(double x, const apc_site *site);
double apc_math_acos(double x, const apc_site *site);
double apc_math_atan(double x);
double apc_math_atan2(double y, double x);
double apc_math_hypot(double x, double y);
double apc_math_fabs(double x);
/* Added: math.fmod(x, y): x for infinite y and finite x; ValueError("math
 * domain error") for y == 0 or infinite x. */
double apc_math_fmod(double x, double y, const apc_site *site);
int64_t apc_math_isqrt(int64_t n, const apc_site *site);
int64_t apc_math_gcd(int64_t a, int64_t b, const apc_site *site);

/* ---- sys / time --------------------------------------------------------- */
int64_t apc_argv_len(void);
/* sys.argv[i], negative i counts from the end; IndexError "list index out of
 * range". sys.argv[0] is the Python file name given at compile time. */
const apc_str *apc_argv_get(int64_t i, const apc_site *site);
double apc_perf_counter(void);
/* Added: time.time(): seconds since the Epoch (CLOCK_REALTIME). */
double apc_time_time(void);

/* ---- errors ------------------------------------------------------------ */
/* Print to stderr, after flushing stdout:
 *   Traceback (most recent call last):
 *     File "<source file>", line <site->line>, in <site->func>
 *   <type>: <msg>            (or just "<type>" when msg is empty)
 * then exit(1). */
_Noreturn void apc_raise(const char *type, const char *msg, const apc_site *site);
_Noreturn void apc_raise_str(const char *type, const apc_str *msg, const apc_site *site);

/* ---- recursion --------------------------------------------------------- */
/* Compiled functions increment apc_depth on entry and decrement on exit;
 * past apc_recursion_limit they call apc_raise_recursion. The limit matches
 * CPython's default (1000, counting the module frame). A SIGSEGV on the
 * native stack (guard page) also ends as a RecursionError, never a bare
 * segfault. */
extern int64_t apc_depth;
extern int64_t apc_recursion_limit;
_Noreturn void apc_raise_recursion(const apc_site *site);
/* Embedded in CPython (hybrid mode): every raise calls the hook instead of
 * printing a traceback and exiting. The hook must not return (it longjmps
 * back to the boundary that called into native code). msg is not
 * NUL-terminated; len bytes of UTF-8. */
typedef void (*apc_raise_hook)(const char *type, const char *msg, size_t len, const apc_site *site);
void apc_set_raise_hook(apc_raise_hook hook);

#endif
