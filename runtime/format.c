/* format.c: format(value, spec) for int, bool, float and str — CPython
 * 3.11's Python/formatter_unicode.c and the float half of
 * Python/pystrtod.c, ported.
 *
 * Owns: parsing the format mini-language ([[fill]align][sign][z][#][0]
 * [width][,|_][.precision][type]) with CPython's error messages, integer
 * presentation (d b o x X c n, alternate prefixes, `_` every four digits in
 * b/o/x), float presentation (e E f F g G n % and the empty type, z), string
 * padding/truncation, sign-aware zero padding and thousands grouping that
 * extends into zero padding ("00,001,234").
 * Does not own: repr(float) (print.c's apc__float_repr, reused for the
 * empty type) and correctly rounded digits (glibc's printf, which rounds
 * exactly like CPython's dtoa: half to even on the exact binary value).
 *
 * 'n' uses the C locale like a default CPython (no grouping, '.').
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers_internal.h"

/* fspec.thousands: 0, ',', '_', or '_' every four digits (b/o/x/X). */
enum { LT_UNDER_FOUR = 1 };

typedef struct {
  uint32_t fill, align, sign, type;
  int no_neg_0, alternate, thousands;
  int64_t width, precision; /* -1: not given */
} fspec;

static _Noreturn void value_error(const char *msg, const apc_site *site) { apc_raise("ValueError", msg, site); }

static int is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

static int decimal_value(uint32_t c) {
  if (c >= '0' && c <= '9') return (int)(c - '0');
  return c < 128 ? -1 : apc__uni_decimal(c);
}

/* get_integer: digits at cps[*pos..n); returns how many were read. */
static int64_t get_integer(const uint32_t *cps, size_t n, size_t *pos, int64_t *out, const apc_site *site) {
  int64_t acc = 0, count = 0;
  for (; *pos < n; ++*pos, count++) {
    int d = decimal_value(cps[*pos]);
    if (d < 0) break;
    if (acc > (INT64_MAX - d) / 10) value_error("Too many decimal digits in format string", site);
    acc = acc * 10 + d;
  }
  *out = acc;
  return count;
}

static void invalid_thousands(int sep, uint32_t type, const apc_site *site) {
  char msg[64];
  if (type > 32 && type < 128)
    snprintf(msg, sizeof msg, "Cannot specify '%c' with '%c'.", sep, (char)type);
  else
    snprintf(msg, sizeof msg, "Cannot specify '%c' with '\\x%x'.", sep, (unsigned)type);
  value_error(msg, site);
}

static void parse_spec(const apc_str *spec, fspec *f, uint32_t default_type, uint32_t default_align,
                       const char *type_name, const apc_site *site) {
  size_t n = 0, len = (size_t)spec->len;
  uint32_t *cps = malloc((len + 1) * sizeof *cps);
  if (!cps) apc_raise("MemoryError", "", site);
  for (size_t i = 0; i < len;) cps[n++] = apc__utf8_next((const unsigned char *)spec->data, len, &i);
  f->fill = ' ';
  f->align = default_align;
  f->sign = 0;
  f->no_neg_0 = f->alternate = f->thousands = 0;
  f->width = f->precision = -1;
  f->type = default_type;
  size_t pos = 0;
  int fill_given = 0, align_given = 0;
  if (n - pos >= 2 && is_align(cps[pos + 1])) {
    f->align = cps[pos + 1];
    f->fill = cps[pos];
    fill_given = align_given = 1;
    pos += 2;
  } else if (n - pos >= 1 && is_align(cps[pos])) {
    f->align = cps[pos];
    align_given = 1;
    pos++;
  }
  if (pos < n && (cps[pos] == '+' || cps[pos] == '-' || cps[pos] == ' ')) f->sign = cps[pos++];
  if (pos < n && cps[pos] == 'z') {
    f->no_neg_0 = 1;
    pos++;
  }
  if (pos < n && cps[pos] == '#') {
    f->alternate = 1;
    pos++;
  }
  if (!fill_given && pos < n && cps[pos] == '0') {
    f->fill = '0';
    if (!align_given && default_align == '>') f->align = '=';
    pos++;
  }
  if (get_integer(cps, n, &pos, &f->width, site) == 0) f->width = -1;
  if (pos < n && cps[pos] == ',') {
    f->thousands = ',';
    pos++;
  }
  if (pos < n && cps[pos] == '_') {
    if (f->thousands) value_error("Cannot specify both ',' and '_'.", site);
    f->thousands = '_';
    pos++;
  }
  if (pos < n && cps[pos] == ',' && f->thousands == '_') value_error("Cannot specify both ',' and '_'.", site);
  if (pos < n && cps[pos] == '.') {
    pos++;
    if (get_integer(cps, n, &pos, &f->precision, site) == 0) value_error("Format specifier missing precision", site);
  }
  if (n - pos > 1) {
    apc__sb b;
    apc__sb_init(&b, len + 64);
    apc__sb_puts(&b, "Invalid format specifier '");
    apc__sb_put(&b, spec->data, len);
    apc__sb_puts(&b, "' for object of type '");
    apc__sb_puts(&b, type_name);
    apc__sb_putc(&b, '\'');
    apc_raise_str("ValueError", apc__sb_finish(&b), site);
  }
  if (n - pos == 1) f->type = cps[pos++];
  free(cps);
  if (f->thousands) {
    switch (f->type) {
    case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case '\0': break;
    case 'b': case 'o': case 'x': case 'X':
      if (f->thousands == '_') {
        f->thousands = LT_UNDER_FOUR;
        break;
      }
      /* fall through */
    default: invalid_thousands(f->thousands, f->type, site);
    }
  }
}

static _Noreturn void unknown_type(uint32_t type, const char *type_name, const apc_site *site) {
  char msg[128];
  if (type > 32 && type < 128)
    snprintf(msg, sizeof msg, "Unknown format code '%c' for object of type '%s'", (char)type, type_name);
  else
    snprintf(msg, sizeof msg, "Unknown format code '\\x%x' for object of type '%s'", (unsigned)type, type_name);
  value_error(msg, site);
}

static void put_fill(apc__sb *b, uint32_t fill, int64_t count) {
  char enc[4];
  size_t k = apc__utf8_put(fill, enc);
  for (int64_t i = 0; i < count; i++) apc__sb_put(b, enc, k);
}

/* ---- numbers: calc_number_widths + fill_number ---------------------------------- */

/* _PyUnicode_InsertThousandsGrouping for `group`-digit groups (0: none):
 * returns the length of digits[0..n) grouped and zero-padded to min_width;
 * writes it ending at out + that length when out is not NULL. */
static int64_t group_digits(char *out, const char *digits, int64_t n, int64_t min_width, int group, char sep) {
  if (min_width < 0) min_width = 0;
  int64_t count = 0, remaining = n, dpos = n, bpos = 0, seplen = group ? 1 : 0;
  int use_sep = 0, broken = 0;
  if (out) bpos = group_digits(NULL, digits, n, min_width, group, sep);
#define GROUP_FILL(n_chars, n_zeros)                            \
  do {                                                          \
    count += (use_sep ? seplen : 0) + (n_zeros) + (n_chars);    \
    if (out) {                                                  \
      if (use_sep) out[--bpos] = sep;                           \
      bpos -= (n_chars);                                        \
      dpos -= (n_chars);                                        \
      memcpy(out + bpos, digits + dpos, (size_t)(n_chars));     \
      bpos -= (n_zeros);                                        \
      memset(out + bpos, '0', (size_t)(n_zeros));               \
    }                                                           \
  } while (0)
  if (group > 0) {
    for (;;) {
      int64_t len = remaining > min_width ? remaining : min_width;
      if (len < 1) len = 1;
      if (len > group) len = group;
      int64_t n_zeros = len - remaining > 0 ? len - remaining : 0;
      int64_t n_chars = remaining < len ? remaining : len;
      if (n_chars < 0) n_chars = 0;
      GROUP_FILL(n_chars, n_zeros);
      use_sep = 1;
      remaining -= n_chars;
      min_width -= len;
      if (remaining <= 0 && min_width <= 0) {
        broken = 1;
        break;
      }
      min_width -= seplen;
    }
  }
  if (!broken) {
    int64_t len = remaining > min_width ? remaining : min_width;
    if (len < 1) len = 1;
    int64_t n_zeros = len - remaining > 0 ? len - remaining : 0;
    int64_t n_chars = remaining < len ? remaining : len;
    if (n_chars < 0) n_chars = 0;
    GROUP_FILL(n_chars, n_zeros);
  }
#undef GROUP_FILL
  return count;
}

/* Lays out [lpad][sign][prefix][spad][grouped digits][.][remainder][rpad].
 * num holds the digits, then (has_decimal) a '.', then n_remainder chars. */
static void fill_number(apc__sb *b, const fspec *f, char sign_char, const char *prefix, int64_t n_prefix,
                        const char *num, int64_t n_num, int64_t n_remainder, int has_decimal, int group, char sep) {
  int64_t n_digits = n_num - n_remainder - (has_decimal ? 1 : 0);
  char sign = 0;
  if (f->sign == '+')
    sign = sign_char == '-' ? '-' : '+';
  else if (f->sign == ' ')
    sign = sign_char == '-' ? '-' : ' ';
  else if (sign_char == '-')
    sign = '-';
  int64_t n_other = (sign ? 1 : 0) + n_prefix + (has_decimal ? 1 : 0) + n_remainder;
  int64_t min_width = f->fill == '0' && f->align == '=' ? f->width - n_other : 0;
  int64_t n_grouped = n_digits == 0 ? 0 : group_digits(NULL, num, n_digits, min_width, group, sep);
  int64_t pad = f->width - (n_other + n_grouped), lpad = 0, spad = 0, rpad = 0;
  if (pad > 0) {
    switch (f->align) {
    case '<': rpad = pad; break;
    case '^': lpad = pad / 2; rpad = pad - lpad; break;
    case '=': spad = pad; break;
    default: lpad = pad; break;
    }
  }
  put_fill(b, f->fill, lpad);
  if (sign) apc__sb_putc(b, sign);
  apc__sb_put(b, prefix, (size_t)n_prefix);
  put_fill(b, f->fill, spad);
  if (n_grouped) {
    char small[128];
    char *g = n_grouped <= (int64_t)sizeof small ? small : malloc((size_t)n_grouped);
    if (!g) apc_raise("MemoryError", "", NULL);
    group_digits(g, num, n_digits, min_width, group, sep);
    apc__sb_put(b, g, (size_t)n_grouped);
    if (g != small) free(g);
  }
  apc__sb_put(b, num + n_digits, (size_t)(n_num - n_digits));
  put_fill(b, f->fill, rpad);
}

static int group_of(int thousands, char *sep) {
  *sep = thousands == ',' ? ',' : '_';
  return thousands == LT_UNDER_FOUR ? 4 : thousands ? 3 : 0;
}

/* ---- floats: PyOS_double_to_string ---------------------------------------------- */

/* Digits of |v| with dtoa's conventions: value = 0.d1d2... * 10**decpt,
 * trailing zeros removed ("0" and decpt 1 for zero). mode 0: shortest repr
 * digits; 2: ndigits significant; 3: ndigits after the point. */
static char *float_digits(double v, int mode, int64_t ndigits, int64_t *decpt, int64_t *n_out) {
  double a = fabs(v);
  char *buf;
  if (mode == 0) {
    buf = malloc(APC__FLOAT_REPR_MAX);
    if (buf) apc__float_repr(a, buf);
  } else {
    const char *fmt = mode == 2 ? "%.*e" : "%.*f";
    int prec = (int)(mode == 2 ? ndigits - 1 : ndigits);
    int need = snprintf(NULL, 0, fmt, prec, a);
    buf = malloc((size_t)need + 1);
    if (buf) snprintf(buf, (size_t)need + 1, fmt, prec, a);
  }
  if (!buf) apc_raise("MemoryError", "", NULL);
  /* Split mantissa digits and exponent; drop the point. */
  int64_t exp = 0, n = 0, point = -1;
  char *e = strchr(buf, 'e');
  if (e) {
    exp = strtoll(e + 1, NULL, 10);
    *e = '\0';
  }
  for (char *p = buf; *p; p++) {
    if (*p == '.')
      point = n;
    else
      buf[n++] = *p;
  }
  if (point < 0) point = n;
  int64_t start = 0;
  while (start < n - 1 && buf[start] == '0') start++;
  while (n > start + 1 && buf[n - 1] == '0') n--;
  if (n - start == 1 && buf[start] == '0') {
    *decpt = 1;
  } else {
    *decpt = point - start + exp;
  }
  memmove(buf, buf + start, (size_t)(n - start));
  *n_out = n - start;
  return buf;
}

/* format_float_short into b: [sign]digits with point/exponent, no padding. */
static void double_to_string(apc__sb *b, double v, uint32_t code, int64_t precision, int add_dot_0, int alt,
                             int no_neg_0) {
  int upper = code == 'E' || code == 'F' || code == 'G';
  char fc = (char)(upper ? code + 32 : code);
  int mode = fc == 'e' || fc == 'g' ? 2 : fc == 'f' ? 3 : 0;
  if (fc == 'e') precision++;
  if (fc == 'g' && precision == 0) precision = 1;
  if (isnan(v)) {
    apc__sb_puts(b, upper ? "NAN" : "nan");
    return;
  }
  int negative = signbit(v) != 0;
  if (isinf(v)) {
    if (negative) apc__sb_putc(b, '-');
    apc__sb_puts(b, upper ? "INF" : "inf");
    return;
  }
  int64_t decpt, nd;
  char *digits = float_digits(v, mode, precision, &decpt, &nd);
  if (no_neg_0 && negative && nd == 1 && digits[0] == '0') negative = 0;
  int use_exp = 0;
  int64_t exp = 0, vend = nd;
  switch (fc) {
  case 'e': use_exp = 1; vend = precision; break;
  case 'f': vend = decpt + precision; break;
  case 'g':
    if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = 1;
    if (alt) vend = precision;
    break;
  default: /* 'r' */
    if (decpt <= -4 || decpt > 16) use_exp = 1;
    break;
  }
  if (use_exp) {
    exp = decpt - 1;
    decpt = 1;
  }
  int64_t vstart = decpt <= 0 ? decpt - 1 : 0;
  if (!use_exp && add_dot_0)
    vend = vend > decpt ? vend : decpt + 1;
  else
    vend = vend > decpt ? vend : decpt;
  size_t mark = b->len;
  if (negative) apc__sb_putc(b, '-');
  if (decpt <= 0) {
    put_fill(b, '0', decpt - vstart);
    apc__sb_putc(b, '.');
    put_fill(b, '0', -decpt);
  } else {
    put_fill(b, '0', -vstart);
  }
  if (0 < decpt && decpt <= nd) {
    apc__sb_put(b, digits, (size_t)decpt);
    apc__sb_putc(b, '.');
    apc__sb_put(b, digits + decpt, (size_t)(nd - decpt));
  } else {
    apc__sb_put(b, digits, (size_t)nd);
  }
  if (nd < decpt) {
    put_fill(b, '0', decpt - nd);
    apc__sb_putc(b, '.');
    put_fill(b, '0', vend - decpt);
  } else {
    put_fill(b, '0', vend - nd);
  }
  if (b->len > mark && b->p[b->len - 1] == '.' && !alt) b->len--;
  if (use_exp) {
    char e[16];
    snprintf(e, sizeof e, "%c%+.02d", upper ? 'E' : 'e', (int)exp);
    apc__sb_puts(b, e);
  }
  free(digits);
}

/* format_float_internal. */
static apc_str *format_float_spec(double v, const fspec *f, const apc_site *site) {
  if (f->precision > 2147483647) value_error("precision too big", site);
  int64_t precision = f->precision, default_precision = 6;
  uint32_t type = f->type;
  int add_dot_0 = 0, add_pct = 0;
  if (type == '\0') {
    add_dot_0 = 1;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';
  if (type == '%') {
    type = 'f';
    v *= 100;
    add_pct = 1;
  }
  if (precision < 0)
    precision = default_precision;
  else if (type == 'r')
    type = 'g';
  apc__sb num;
  apc__sb_init(&num, 32);
  double_to_string(&num, v, type, precision, add_dot_0, f->alternate, f->no_neg_0);
  if (add_pct) apc__sb_putc(&num, '%');
  const char *p = num.p;
  int64_t n = (int64_t)num.len;
  char sign_char = 0;
  if (n && p[0] == '-') {
    sign_char = '-';
    p++;
    n--;
  }
  int64_t i = 0;
  while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  int has_decimal = i < n && p[i] == '.';
  int64_t n_remainder = n - i - (has_decimal ? 1 : 0);
  char sep = ',';
  int group = f->type == 'n' ? 0 : group_of(f->thousands, &sep); /* 'n': the C locale does not group */
  apc__sb b;
  apc__sb_init(&b, (size_t)n + 8);
  fill_number(&b, f, sign_char, "", 0, p, n, n_remainder, has_decimal, group, sep);
  return apc__sb_finish(&b);
}

/* format_long_internal. */
static apc_str *format_int_spec(int64_t v, const fspec *f, const apc_site *site) {
  if (f->precision != -1) value_error("Precision not allowed in integer format specifier", site);
  if (f->no_neg_0) value_error("Negative zero coercion (z) not allowed in integer format specifier", site);
  apc__sb b;
  apc__sb_init(&b, 32);
  char sep = ',';
  int group = f->type == 'n' ? 0 : group_of(f->thousands, &sep); /* 'n': the C locale does not group */
  if (f->type == 'c') {
    if (f->sign) value_error("Sign not allowed with integer format specifier 'c'", site);
    if (f->alternate) value_error("Alternate form (#) not allowed with integer format specifier 'c'", site);
    if (v < 0 || v > 0x10ffff) apc_raise("OverflowError", "%c arg not in range(0x110000)", site);
    char enc[4];
    size_t k = apc__utf8_put((uint32_t)v, enc);
    /* One code point of "remainder": padding counts it as one. */
    fspec g = *f;
    if (g.width >= 0) g.width += (int64_t)k - 1;
    fill_number(&b, &g, 0, "", 0, enc, (int64_t)k, (int64_t)k, 0, group, sep);
    return apc__sb_finish(&b);
  }
  unsigned base = 10;
  const char *prefix = "";
  switch (f->type) {
  case 'b': base = 2; prefix = "0b"; break;
  case 'o': base = 8; prefix = "0o"; break;
  case 'x': base = 16; prefix = "0x"; break;
  case 'X': base = 16; prefix = "0X"; break;
  default: break;
  }
  const char *dig = f->type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  char tmp[72];
  int n = 0;
  do {
    tmp[sizeof tmp - 1 - n++] = dig[u % base];
    u /= base;
  } while (u);
  fill_number(&b, f, v < 0 ? '-' : 0, prefix, f->alternate && base != 10 ? 2 : 0, tmp + sizeof tmp - n, n, 0, 0,
              group, sep);
  return apc__sb_finish(&b);
}

/* ---- entry points ---------------------------------------------------------------------- */

/* int.__format__ (bool's too: type_name only shows in error messages). */
static apc_str *format_int_named(int64_t v, const apc_str *spec, const char *type_name, const apc_site *site) {
  fspec f;
  parse_spec(spec, &f, 'd', '>', type_name, site);
  switch (f.type) {
  case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n': return format_int_spec(v, &f, site);
  case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': return format_float_spec((double)v, &f, site);
  default: unknown_type(f.type, type_name, site);
  }
}

apc_str *apc_format_int(int64_t v, const apc_str *spec, const apc_site *site) {
  if (spec->len == 0) {
    char buf[24];
    return apc_str_new(buf, (int64_t)apc__int_to_dec(v, buf));
  }
  return format_int_named(v, spec, "int", site);
}

apc_str *apc_format_bool(bool v, const apc_str *spec, const apc_site *site) {
  if (spec->len == 0) return v ? apc_str_new("True", 4) : apc_str_new("False", 5);
  return format_int_named(v ? 1 : 0, spec, "bool", site);
}

apc_str *apc_format_float(double v, const apc_str *spec, const apc_site *site) {
  if (spec->len == 0) {
    char buf[APC__FLOAT_REPR_MAX];
    return apc_str_new(buf, (int64_t)apc__float_repr(v, buf));
  }
  fspec f;
  parse_spec(spec, &f, '\0', '>', "float", site);
  switch (f.type) {
  case '\0': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
    return format_float_spec(v, &f, site);
  default: unknown_type(f.type, "float", site);
  }
}

apc_str *apc_format_str(const apc_str *v, const apc_str *spec, const apc_site *site) {
  if (spec->len == 0) return apc_str_new(v->data, v->len);
  fspec f;
  parse_spec(spec, &f, 's', '<', "str", site);
  if (f.type != 's') unknown_type(f.type, "str", site);
  if (f.sign == ' ') value_error("Space not allowed in string format specifier", site);
  if (f.sign) value_error("Sign not allowed in string format specifier", site);
  if (f.no_neg_0) value_error("Negative zero coercion (z) not allowed in string format specifier", site);
  if (f.alternate) value_error("Alternate form (#) not allowed in string format specifier", site);
  if (f.align == '=') value_error("'=' alignment not allowed in string format specifier", site);
  int64_t len = apc_str_len(v);
  size_t bytes = (size_t)v->len;
  if (f.precision >= 0 && len >= f.precision) {
    bytes = apc__cp_offset(v->data, (size_t)v->len, f.precision);
    len = f.precision;
  }
  int64_t total = f.width > len ? f.width : len;
  int64_t lpad = f.align == '>' ? total - len : f.align == '^' ? (total - len) / 2 : 0;
  apc__sb b;
  apc__sb_init(&b, bytes + (size_t)(total - len));
  put_fill(&b, f.fill, lpad);
  apc__sb_put(&b, v->data, bytes);
  put_fill(&b, f.fill, total - len - lpad);
  return apc__sb_finish(&b);
}
