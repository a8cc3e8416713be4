/* rt_internal.h: declarations shared between the runtime's own C files.
 *
 * Owns: nothing at run time; it is the private glue between print.c,
 * errors.c, sys.c, convert.c, arith.c, math.c and unicode.c. Nothing here
 * is part of the ABI that the compiler's backend sees (that is apc_rt.h). Internal symbols
 * use the `apc__` prefix (two underscores) so they cannot collide with names
 * the compiler emits.
 */
#ifndef APC_RT_INTERNAL_H
#define APC_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "apc_rt.h"

/* ---- print.c ----------------------------------------------------------- */
/* Append bytes to the stdout buffer (flushing when it fills). */
void apc__out_write(const char *p, size_t n);
/* Write all of p[0..n) to fd with write(2), retrying on EINTR and short
 * writes. Async-signal-safe. */
void apc__write_fd(int fd, const char *p, size_t n);
/* Flush the stdout buffer; async-signal-safe (used by the SIGSEGV handler). */
void apc__flush_raw(void);
/* stdout is a terminal: flush after every string containing '\n'. */
extern int apc__stdout_line_buffered;
extern int apc__stdout_at_exit; /* set by the exit flush (sys.c) */
/* CPython repr(float) into buf (needs APC__FLOAT_REPR_MAX bytes, NUL added);
 * returns the length. */
#define APC__FLOAT_REPR_MAX 32
size_t apc__float_repr(double v, char *buf);
/* Decimal digits of v into buf (needs 21 bytes, NUL added); returns length. */
size_t apc__int_to_dec(int64_t v, char *buf);

/* ---- strings ------------------------------------------------------------ */
/* Fresh heap string of len bytes copied from data (rc = 1, trailing NUL). */
apc_str *apc__str_new(const char *data, size_t len);

/* Prefix of every OverflowError for a result CPython would hold in a big
 * int but apc's 64-bit int cannot (the detail follows it). */
#define APC__INT_TOO_LARGE "int too large for apc's 64-bit int: "

/* ---- errors.c ----------------------------------------------------------- */
/* Raise with a message of `len` bytes (may contain NUL). */
_Noreturn void apc__raise_n(const char *type, const char *msg, size_t len,
                            const apc_site *site);
/* Install the SIGSEGV handler (alternate stack); call from a frame near the
 * top of the main stack. */
void apc__install_segv_handler(void);

/* ---- sys.c --------------------------------------------------------------- */
/* The Python source file name for tracebacks and sys.argv[0]. */
const char *apc__source_file(void);

/* UTF-8 bytes of one code point into out (<= 4 bytes); str.c owns it. */
size_t apc__utf8_put(uint32_t cp, char *out);

/* ---- unicode.c ---------------------------------------------------------- */
/* Decode one code point from UTF-8 at s[*i..n), advancing *i. Invalid bytes
 * decode one at a time to U+DC80..U+DCFF (Python's surrogateescape). */
uint32_t apc__utf8_next(const unsigned char *s, size_t n, size_t *i);
/* Python's str.isprintable() for one code point (Unicode 14, as 3.11). */
int apc__uni_isprintable(uint32_t cp);
/* Python's str.isspace() for a code point >= 128. */
int apc__uni_isspace(uint32_t cp);
/* unicodedata.decimal(ch, -1) for a code point >= 128. */
int apc__uni_decimal(uint32_t cp);
/* Python's repr() of a UTF-8 string, truncated to max_chars code points
 * when max_chars >= 0 (like "%.200R"). Returns a malloc'ed NUL-terminated
 * buffer and its length in *out_len. */
char *apc__py_repr(const char *s, size_t n, long max_chars, size_t *out_len);

#endif
