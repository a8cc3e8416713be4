/* convert.c: int(str), float(str) and int(float).
 *
 * Owns: parsing with exactly the syntax CPython 3.11 accepts for int(s) in
 * base 10 and float(s) (Unicode whitespace and decimal digits first mapped to
 * ASCII as _PyUnicode_TransformDecimalAndSpaceToASCII does, surrounding
 * whitespace, sign, single underscores between digits, the 4300-digit limit
 * of int(), inf/infinity/nan), the CPython error messages for bad input, and
 * the float -> int conversion with its NaN / infinity / 64-bit range errors.
 * Does not own: number formatting (print.c).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static int py_isspace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* CPython's _PyUnicode_TransformDecimalAndSpaceToASCII: non-ASCII whitespace
 * becomes ' ', non-ASCII decimal digits their ASCII digit, and anything else
 * non-ASCII ends the string with '?'. Returns a malloc'ed NUL-terminated
 * buffer (which may contain earlier NULs) and its length. */
static char *to_ascii(const apc_str *s, size_t *out_len) {
  size_t n = (size_t)s->len;
  char *a = malloc(n + 1);
  if (!a) apc_raise("MemoryError", "", NULL);
  const unsigned char *u = (const unsigned char *)s->data;
  size_t len = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp = apc__utf8_next(u, n, &i);
    if (cp < 127) {
      a[len++] = (char)cp;
    } else if (apc__uni_isspace(cp)) {
      a[len++] = ' ';
    } else {
      int d = apc__uni_decimal(cp);
      if (d < 0) {
        a[len++] = '?';
        break;
      }
      a[len++] = (char)('0' + d);
    }
  }
  a[len] = '\0';
  *out_len = len;
  return a;
}

/* ValueError/OverflowError "<prefix><repr of s>", repr cut at max_chars. */
_Noreturn static void raise_with_repr(const char *type, const char *prefix,
                                      const apc_str *s, long max_chars,
                                      const apc_site *site) {
  size_t rlen;
  char *r = apc__py_repr(s->data, (size_t)s->len, max_chars, &rlen);
  size_t plen = strlen(prefix);
  char *msg = malloc(plen + rlen + 1);
  if (!msg) apc_raise("MemoryError", "", site);
  memcpy(msg, prefix, plen);
  memcpy(msg + plen, r, rlen);
  apc__raise_n(type, msg, plen + rlen, site);
}

int64_t apc_int_from_str(const apc_str *s, const apc_site *site) {
  size_t n;
  char *a = to_ascii(s, &n);
  size_t i = 0;
  while (i < n && py_isspace(a[i])) i++;
  int neg = 0;
  if (i < n && (a[i] == '+' || a[i] == '-')) neg = a[i++] == '-';
  size_t start = i, digits = 0;
  int ok = i < n && a[i] != '_';
  char prev = 0;
  while (ok && i < n && (is_digit(a[i]) || a[i] == '_')) {
    if (a[i] == '_' && prev == '_') ok = 0; /* only single underscores */
    if (a[i] != '_') digits++;
    prev = a[i++];
  }
  if (prev == '_') ok = 0; /* no trailing underscore */
  if (ok && digits > 4300) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "Exceeds the limit (4300 digits) for integer string conversion: "
             "value has %zu digits; use sys.set_int_max_str_digits() to "
             "increase the limit",
             digits);
    apc_raise("ValueError", msg, site);
  }
  size_t end = i;
  while (i < n && py_isspace(a[i])) i++;
  if (!ok || digits == 0 || i != n)
    raise_with_repr("ValueError", "invalid literal for int() with base 10: ", s, 200, site);
  /* Accumulate as a negative number so INT64_MIN fits. */
  int64_t v = 0;
  for (size_t k = start; k < end; k++) {
    if (a[k] == '_') continue;
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, a[k] - '0', &v))
      raise_with_repr("OverflowError", APC__INT_TOO_LARGE, s, 200, site);
  }
  free(a);
  if (!neg) {
    if (v == INT64_MIN)
      raise_with_repr("OverflowError", APC__INT_TOO_LARGE, s, 200, site);
    v = -v;
  }
  return v;
}

static int lower_eq(const char *p, size_t n, const char *word) {
  if (strlen(word) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != word[i]) return 0;
  }
  return 1;
}

/* Whether p[0..n) is a decimal float literal strtod reads fully:
 * digits [. [digits]] | . digits, then optionally e [sign] digits. */
static int decimal_syntax(const char *p, size_t n) {
  size_t i = 0, mant = 0;
  while (i < n && is_digit(p[i])) i++, mant++;
  if (i < n && p[i] == '.') {
    i++;
    while (i < n && is_digit(p[i])) i++, mant++;
  }
  if (mant == 0) return 0;
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    size_t ed = 0;
    while (i < n && is_digit(p[i])) i++, ed++;
    if (ed == 0) return 0;
  }
  return i == n;
}

double apc_float_from_str(const apc_str *s, const apc_site *site) {
  size_t n;
  char *a = to_ascii(s, &n);
  char *p = a;
  while (n > 0 && py_isspace(*p)) p++, n--;
  while (n > 1 && py_isspace(p[n - 1])) n--;
  int ok = n > 0;
  if (ok && memchr(p, '_', n)) {
    /* CPython's _Py_string_to_number_with_underscores: an underscore must
     * follow a digit and precede a digit; then all are removed. */
    size_t w = 0;
    char prev = 0;
    for (size_t i = 0; i < n && ok; i++) {
      char c = p[i];
      if (c == '_') {
        if (!is_digit(prev)) ok = 0;
      } else {
        if (prev == '_' && !is_digit(c)) ok = 0;
        p[w++] = c;
      }
      prev = c;
    }
    if (prev == '_') ok = 0;
    n = w;
  }
  double v = 0.0;
  if (ok) {
    int neg = 0;
    size_t i = 0;
    if (p[i] == '+' || p[i] == '-') neg = p[i++] == '-';
    const char *body = p + i;
    size_t bn = n - i;
    if (lower_eq(body, bn, "inf") || lower_eq(body, bn, "infinity")) {
      v = neg ? -INFINITY : INFINITY;
    } else if (lower_eq(body, bn, "nan")) {
      v = neg ? -fabs(NAN) : fabs(NAN);
    } else if (decimal_syntax(body, bn)) {
      p[n] = '\0';
      v = strtod(p, NULL); /* glibc: correctly rounded, +-inf on overflow */
    } else {
      ok = 0;
    }
  }
  free(a);
  if (!ok) raise_with_repr("ValueError", "could not convert string to float: ", s, -1, site);
  return v;
}

/* Whether v equals an int64 exactly (then `v in ints` looks for (int64_t)v,
 * as CPython's 2.0 == 2). */
bool apc_float_is_int64(double v) { return v == trunc(v) && v >= -9223372036854775808.0 && v < 9223372036854775808.0; }

int64_t apc_float_to_int(double v, const apc_site *site) {
  if (isnan(v)) apc_raise("ValueError", "cannot convert float NaN to integer", site);
  if (isinf(v)) apc_raise("OverflowError", "cannot convert float infinity to integer", site);
  double t = trunc(v);
  if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0)) {
    char msg[96];
    char num[APC__FLOAT_REPR_MAX];
    apc__float_repr(t, num);
    snprintf(msg, sizeof msg, APC__INT_TOO_LARGE "%s", num);
    apc_raise("OverflowError", msg, site);
  }
  return (int64_t)t;
}
