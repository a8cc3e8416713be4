/* print.c: buffered stdout and CPython's text forms of scalars.
 *
 * Owns: the single 64 KiB stdout buffer (written with write(2) when full, by
 * apc_flush, at exit and before any error message; a closed pipe is CPython's
 * BrokenPipeError), apc_print_* for
 * int/float/bool/None/str, CPython's repr(float) (shortest round-trip digits,
 * positional for decimal exponents in [-4, 16), otherwise d.ddde+XX), and the
 * apc_str_from_* conversions, which share that formatting.
 * Does not own: error messages (errors.c) or parsing (convert.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "containers_internal.h"
#include "rt_internal.h"

/* ---- the stdout buffer ------------------------------------------------- */

#define OUT_CAP 65536
static char out_buf[OUT_CAP];
static size_t out_len;
int apc__stdout_line_buffered;

int apc__stdout_at_exit;

/* Writes all of p to fd; -1 (errno set) on an error other than EINTR. */
static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

void apc__write_fd(int fd, const char *p, size_t n) {
  (void)write_all(fd, p, n); /* EBADF on stderr...: nothing sensible left to do */
}

/* stdout is a pipe whose reader has gone (`prog | head -1`; SIGPIPE is
 * ignored, as CPython does). CPython's BrokenPipeError: during the run a
 * traceback and exit 1; in the flush at exit "Exception ignored" and 120. */
static void stdout_write(const char *p, size_t n) {
  if (write_all(1, p, n) == 0 || errno != EPIPE) return;
  if (apc__stdout_at_exit) {
    static const char ignored[] =
        "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n"
        "BrokenPipeError: [Errno 32] Broken pipe\n";
    apc__write_fd(2, ignored, sizeof ignored - 1);
    _exit(120); /* inside an atexit handler: exit() again is undefined */
  }
  apc_raise("BrokenPipeError", "[Errno 32] Broken pipe", NULL);
}

void apc__flush_raw(void) {
  size_t n = out_len;
  out_len = 0;
  if (n) stdout_write(out_buf, n);
}

void apc_flush(void) { apc__flush_raw(); }

void apc__out_write(const char *p, size_t n) {
  if (n > OUT_CAP - out_len) {
    apc__flush_raw();
    if (n >= OUT_CAP) {
      stdout_write(p, n);
      return;
    }
  }
  memcpy(out_buf + out_len, p, n);
  out_len += n;
}

/* ---- ints ----------------------------------------------------------------- */

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536"
    "37383940414243444546474849505152535455565758596061626364656667686970717273"
    "7475767778798081828384858687888990919293949596979899";

/* Writes the digits of v so that they end at `end`; returns the start. */
static char *dec_backwards(int64_t v, char *end) {
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char *p = end;
  while (u >= 100) {
    unsigned r = (unsigned)(u % 100);
    u /= 100;
    p -= 2;
    p[0] = digit_pairs[2 * r];
    p[1] = digit_pairs[2 * r + 1];
  }
  if (u >= 10) {
    p -= 2;
    p[0] = digit_pairs[2 * u];
    p[1] = digit_pairs[2 * u + 1];
  } else {
    *--p = (char)('0' + u);
  }
  if (v < 0) *--p = '-';
  return p;
}

size_t apc__int_to_dec(int64_t v, char *buf) {
  char tmp[24];
  char *end = tmp + sizeof tmp;
  char *p = dec_backwards(v, end);
  size_t n = (size_t)(end - p);
  memcpy(buf, p, n);
  buf[n] = '\0';
  return n;
}

void apc_print_int(int64_t v) {
  if (OUT_CAP - out_len < 24) apc__flush_raw();
  char tmp[24];
  char *end = tmp + sizeof tmp;
  char *p = dec_backwards(v, end);
  size_t n = (size_t)(end - p);
  memcpy(out_buf + out_len, p, n);
  out_len += n;
}

/* ---- repr(float) ------------------------------------------------------- */

/* Decimal digits of a positive finite double: value = digits * 10**k. */
typedef struct {
  char d[24];
  int n; /* number of digits */
  int k; /* exponent of the last digit */
} decimal;

/* Correctly rounded p significant digits of a (via glibc's exact printf)
 * into *out; returns whether they read back (strtod) as a. */
static int rounded_digits(double a, int p, decimal *out) {
  char buf[48];
  snprintf(buf, sizeof buf, "%.*e", p - 1, a);
  int n = 0;
  const char *q = buf;
  out->d[n++] = *q++;
  if (*q == '.') {
    q++;
    while (*q != 'e') out->d[n++] = *q++;
  }
  out->d[n] = '\0';
  out->n = n;
  out->k = atoi(q + 1) - (n - 1);
  return strtod(buf, NULL) == a;
}

/* Whether digits*10**k (digits as a uint64) reads back as a; fills *out. */
static int integer_digits(double a, uint64_t m, int k, decimal *out) {
  char buf[48];
  int n = snprintf(out->d, sizeof out->d, "%" PRIu64, m);
  out->n = n;
  out->k = k;
  snprintf(buf, sizeof buf, "%se%d", out->d, k);
  return strtod(buf, NULL) == a;
}

static void strip_zeros(decimal *x) {
  while (x->n > 1 && x->d[x->n - 1] == '0') {
    x->n--;
    x->k++;
  }
}

/* The digits CPython's repr uses (David Gay's dtoa mode 0): the shortest
 * digit string that reads back as a, and of those the closest to a. */
static void shortest_digits(double a, decimal *out) {
  uint64_t bits;
  memcpy(&bits, &a, sizeof bits);
  unsigned biased_exp = (unsigned)(bits >> 52) & 0x7ff;
  if (biased_exp == 0) {
    /* Subnormal: few significant bits, so the shortest string can have any
     * length. Spacing is uniform (the rounding interval is symmetric), so
     * the correctly rounded p-digit string is the best p-digit candidate
     * and round-tripping is monotonic in p: binary search. */
    int lo = 1, hi = 17;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (rounded_digits(a, mid, out))
        hi = mid;
      else
        lo = mid + 1;
    }
    rounded_digits(a, lo, out);
    strip_zeros(out);
    return;
  }
  /* Normal: the rounding interval is narrower than the spacing of 15-digit
   * decimals, so if any string of <= 15 digits reads back, the correctly
   * rounded 15-digit one does and equals it (padded with zeros). */
  if (rounded_digits(a, 15, out)) {
    strip_zeros(out);
    return;
  }
  if (rounded_digits(a, 16, out)) {
    strip_zeros(out);
    return;
  }
  if ((bits & 0xfffffffffffffULL) == 0 && biased_exp > 1) {
    /* A power of two: the interval below is half the one above, so the
     * 16-digit neighbour on the other side of a may read back although the
     * nearest does not. */
    uint64_t m = strtoull(out->d, NULL, 10);
    int k = out->k;
    decimal alt;
    if (integer_digits(a, m + 1, k, &alt) || integer_digits(a, m - 1, k, &alt)) {
      *out = alt;
      strip_zeros(out);
      return;
    }
  }
  rounded_digits(a, 17, out); /* 17 digits always read back */
  strip_zeros(out);
}

size_t apc__float_repr(double v, char *buf) {
  char *p = buf;
  if (isnan(v)) {
    memcpy(buf, "nan", 4);
    return 3;
  }
  if (signbit(v)) *p++ = '-';
  double a = fabs(v);
  if (isinf(a)) {
    memcpy(p, "inf", 4);
    return (size_t)(p - buf) + 3;
  }
  if (a < 9007199254740992.0 && a == (double)(int64_t)a) {
    /* Integral below 2**53: every integer there is exact, so its own digits
     * are the shortest; always positional (< 1e16). */
    p += apc__int_to_dec((int64_t)a, p);
    memcpy(p, ".0", 3);
    return (size_t)(p - buf) + 2;
  }
  decimal x;
  shortest_digits(a, &x);
  int e = x.k + x.n - 1; /* decimal exponent of the leading digit */
  if (e >= -4 && e < 16) {
    if (e < 0) {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -e - 1; i++) *p++ = '0';
      memcpy(p, x.d, (size_t)x.n);
      p += x.n;
    } else {
      int int_digits = e + 1;
      for (int i = 0; i < int_digits; i++) *p++ = i < x.n ? x.d[i] : '0';
      *p++ = '.';
      if (x.n > int_digits) {
        memcpy(p, x.d + int_digits, (size_t)(x.n - int_digits));
        p += x.n - int_digits;
      } else {
        *p++ = '0';
      }
    }
  } else {
    *p++ = x.d[0];
    if (x.n > 1) {
      *p++ = '.';
      memcpy(p, x.d + 1, (size_t)(x.n - 1));
      p += x.n - 1;
    }
    *p++ = 'e';
    *p++ = e < 0 ? '-' : '+';
    int ae = e < 0 ? -e : e;
    if (ae >= 100) *p++ = (char)('0' + ae / 100);
    *p++ = (char)('0' + ae / 10 % 10);
    *p++ = (char)('0' + ae % 10);
  }
  *p = '\0';
  return (size_t)(p - buf);
}

void apc_print_float(double v) {
  char buf[APC__FLOAT_REPR_MAX];
  size_t n = apc__float_repr(v, buf);
  apc__out_write(buf, n);
}

/* ---- the rest --------------------------------------------------------- */

void apc_print_bool(bool v) {
  if (v)
    apc__out_write("True", 4);
  else
    apc__out_write("False", 5);
}

void apc_print_none(void) { apc__out_write("None", 4); }

void apc_print_str(const apc_str *s) {
  size_t n = (size_t)s->len;
  apc__out_write(s->data, n);
  if (apc__stdout_line_buffered && memchr(s->data, '\n', n)) apc__flush_raw();
}

apc_str *apc__str_new(const char *data, size_t len) {
  /* Garbage-collected through str.c's allocator (it keeps the long-string
   * cache consistent when an address is reused). */
  apc_str *s = apc__str_alloc(len);
  if (len) memcpy(s->data, data, len);
  s->data[len] = '\0';
  return s;
}

apc_str *apc_str_from_int(int64_t v) {
  char buf[24];
  size_t n = apc__int_to_dec(v, buf);
  return apc__str_new(buf, n);
}

apc_str *apc_str_from_float(double v) {
  char buf[APC__FLOAT_REPR_MAX];
  size_t n = apc__float_repr(v, buf);
  return apc__str_new(buf, n);
}

apc_str *apc_str_from_bool(bool v) {
  return v ? apc__str_new("True", 4) : apc__str_new("False", 5);
}
