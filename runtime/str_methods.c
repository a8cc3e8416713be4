/* str_methods.c: str methods that build new strings or lists from one.
 *
 * Owns: split (on whitespace or a separator), join, strip/lstrip/rstrip
 * (whitespace or a set of characters), replace (with count, including the
 * empty pattern), upper/lower/capitalize (full Unicode case mappings with
 * the Final_Sigma rule, as CPython 3.11) and isdigit/isalpha/isspace.
 * Does not own: indexing, searching, repr (str.c) or Unicode tables
 * (str_unicode.c, unicode.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers_internal.h"

/* A string decoded to code points with the byte offset of each (off[n] is
 * the byte length). Only used on non-ASCII strings. */
typedef struct {
  uint32_t *cp;
  size_t *off;
  size_t n;
} decoded;

static decoded decode(const apc_str *s) {
  size_t len = (size_t)s->len;
  decoded d;
  d.cp = malloc((len + 1) * sizeof *d.cp);
  d.off = malloc((len + 1) * sizeof *d.off);
  if (!d.cp || !d.off) apc_raise("MemoryError", "", NULL);
  size_t i = 0, k = 0;
  while (i < len) {
    d.off[k] = i;
    d.cp[k++] = apc__utf8_next((const unsigned char *)s->data, len, &i);
  }
  d.off[k] = len;
  d.n = k;
  return d;
}

static void decoded_free(decoded *d) {
  free(d->cp);
  free(d->off);
}

static int ascii_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* ---- split ----------------------------------------------------------------- */

static void add_piece(apc_list *out, const char *p, size_t n) {
  apc_list_append(out, (apc_slot)(intptr_t)apc_str_new(p, (int64_t)n));
}

/* str.split(sep, maxsplit) as CPython's stringlib split/split_whitespace:
 * at most maxsplit cuts (negative: no limit); on whitespace, runs of
 * whitespace are one separator, ends are dropped, and the remainder after
 * the last cut keeps its trailing whitespace (" a  b ".split(None, 1) is
 * ['a', 'b ']). */
apc_list *apc_str_splitn(const apc_str *s, const apc_str *sep, int64_t maxsplit, const apc_type *list_of_str,
                         const apc_site *site) {
  apc_list *out = apc_list_new(list_of_str, 0);
  const char *p = s->data;
  size_t n = (size_t)s->len;
  if (maxsplit < 0) maxsplit = INT64_MAX;
  if (sep) {
    size_t m = (size_t)sep->len;
    if (m == 0) apc_raise("ValueError", "empty separator", site);
    size_t i = 0;
    for (int64_t cuts = 0; cuts < maxsplit; cuts++) {
      const char *at = n - i >= m ? memmem(p + i, n - i, sep->data, m) : NULL;
      if (!at) break;
      add_piece(out, p + i, (size_t)(at - (p + i)));
      i = (size_t)(at - p) + m;
    }
    add_piece(out, p + i, n - i);
    return out;
  }
  if (apc__is_ascii(p, n)) {
    /* Count the words first: the list is then allocated once, at its size
     * (growing a big list step by step moves its pages repeatedly). */
    int64_t words = 0;
    for (size_t k = 0; k < n;) {
      while (k < n && ascii_space((unsigned char)p[k])) k++;
      if (k == n) break;
      words++;
      while (k < n && !ascii_space((unsigned char)p[k])) k++;
    }
    out = apc_list_with_capacity(list_of_str, words < maxsplit ? words : maxsplit + 1);
    size_t i = 0;
    for (int64_t cuts = 0;; cuts++) {
      while (i < n && ascii_space((unsigned char)p[i])) i++;
      if (i == n) break;
      if (cuts == maxsplit) {
        add_piece(out, p + i, n - i);
        break;
      }
      size_t j = i++;
      while (i < n && !ascii_space((unsigned char)p[i])) i++;
      add_piece(out, p + j, i - j);
    }
    return out;
  }
  decoded d = decode(s);
  size_t i = 0;
  for (int64_t cuts = 0;; cuts++) {
    while (i < d.n && apc__cp_isspace(d.cp[i])) i++;
    if (i == d.n) break;
    if (cuts == maxsplit) {
      add_piece(out, p + d.off[i], n - d.off[i]);
      break;
    }
    size_t j = i++;
    while (i < d.n && !apc__cp_isspace(d.cp[i])) i++;
    add_piece(out, p + d.off[j], d.off[i] - d.off[j]);
  }
  decoded_free(&d);
  return out;
}

apc_list *apc_str_split(const apc_str *s, const apc_str *sep, const apc_type *list_of_str, const apc_site *site) {
  return apc_str_splitn(s, sep, -1, list_of_str, site);
}

apc_list *apc_str_split_ws(const apc_str *s, const apc_type *list_of_str) {
  return apc_str_splitn(s, NULL, -1, list_of_str, NULL);
}

apc_list *apc_str_splitn_ws(const apc_str *s, int64_t maxsplit, const apc_type *list_of_str) {
  return apc_str_splitn(s, NULL, maxsplit, list_of_str, NULL);
}

/* ---- join ------------------------------------------------------------------ */

apc_str *apc_str_join(const apc_str *sep, const apc_list *items, const apc_site *site) {
  int64_t k = items->len;
  if (k == 0) return apc__str_empty();
  const apc_type *et = items->type->args[0];
  if (et->kind != APC_K_STR) {
    char msg[96];
    snprintf(msg, sizeof msg, "sequence item 0: expected str instance, %s found", apc__type_name(et));
    apc_raise("TypeError", msg, site);
  }
  size_t total = (size_t)sep->len * (size_t)(k - 1);
  for (int64_t i = 0; i < k; i++) total += (size_t)((const apc_str *)(intptr_t)apc_list_get(items, i))->len;
  if (total == 0) return apc__str_empty();
  apc_str *r = apc__str_alloc(total);
  size_t at = 0;
  for (int64_t i = 0; i < k; i++) {
    const apc_str *e = (const apc_str *)(intptr_t)apc_list_get(items, i);
    if (i) {
      memcpy(r->data + at, sep->data, (size_t)sep->len);
      at += (size_t)sep->len;
    }
    memcpy(r->data + at, e->data, (size_t)e->len);
    at += (size_t)e->len;
  }
  return r;
}

/* ---- strip ----------------------------------------------------------------- */

static int in_set(const uint32_t *set, size_t n, uint32_t cp) {
  for (size_t i = 0; i < n; i++)
    if (set[i] == cp) return 1;
  return 0;
}

apc_str *apc_str_strip(const apc_str *s, const apc_str *chars, int which) {
  const char *p = s->data;
  size_t n = (size_t)s->len;
  int ascii = apc__is_ascii(p, n);
  int chars_ascii = !chars || apc__is_ascii(chars->data, (size_t)chars->len);
  size_t a = 0, b = n; /* the kept byte range */
  if (ascii && chars_ascii) {
    unsigned char set[128] = {0};
    if (chars) {
      for (int64_t i = 0; i < chars->len; i++) set[(unsigned char)chars->data[i]] = 1;
    } else {
      for (int c = 0; c < 128; c++) set[c] = (unsigned char)ascii_space((unsigned char)c);
    }
    if (which != 2)
      while (a < b && set[(unsigned char)p[a]]) a++;
    if (which != 1)
      while (b > a && set[(unsigned char)p[b - 1]]) b--;
  } else {
    decoded d = decode(s), cs = {NULL, NULL, 0};
    if (chars) cs = decode(chars);
    size_t i = 0, j = d.n;
#define STRIPPED(c_) (chars ? in_set(cs.cp, cs.n, (c_)) : apc__cp_isspace(c_))
    if (which != 2)
      while (i < j && STRIPPED(d.cp[i])) i++;
    if (which != 1)
      while (j > i && STRIPPED(d.cp[j - 1])) j--;
#undef STRIPPED
    a = d.off[i];
    b = d.off[j];
    decoded_free(&d);
    if (chars) decoded_free(&cs);
  }
  if (a == 0 && b == n) return (apc_str *)s; /* nothing stripped: CPython returns s itself too */
  return apc_str_new(p + a, (int64_t)(b - a));
}

apc_str *apc_str_strip_ws(const apc_str *s, int64_t which) { return apc_str_strip(s, NULL, (int)which); }

/* ---- replace ------------------------------------------------------------- */

apc_str *apc_str_replace(const apc_str *s, const apc_str *old, const apc_str *new_, int64_t count) {
  const char *p = s->data;
  size_t n = (size_t)s->len, m = (size_t)old->len, r = (size_t)new_->len;
  if (count < 0) count = INT64_MAX;
  apc__sb b;
  if (m == 0) { /* new before every code point and at the end, count times */
    int64_t cps = apc_str_len(s);
    int64_t k = count < cps + 1 ? count : cps + 1;
    apc__sb_init(&b, n + (size_t)k * r);
    size_t at = 0;
    for (int64_t i = 0; i < k; i++) {
      apc__sb_put(&b, new_->data, r);
      if (i + 1 < k && at < n) {
        size_t next = at;
        apc__utf8_next((const unsigned char *)p, n, &next);
        apc__sb_put(&b, p + at, next - at);
        at = next;
      }
    }
    apc__sb_put(&b, p + at, n - at);
    return apc__sb_finish(&b);
  }
  apc__sb_init(&b, n);
  size_t i = 0;
  while (count > 0 && n - i >= m) {
    const char *at = memmem(p + i, n - i, old->data, m);
    if (!at) break;
    apc__sb_put(&b, p + i, (size_t)(at - (p + i)));
    apc__sb_put(&b, new_->data, r);
    i = (size_t)(at - p) + m;
    count--;
  }
  apc__sb_put(&b, p + i, n - i);
  return apc__sb_finish(&b);
}

/* ---- case -------------------------------------------------------------------- */

/* Strings are immutable and apc has no `is` between them, so a string that
 * needs no change is returned as it is (CPython would copy it). */
static apc_str *ascii_case(const apc_str *s, int upper) {
  size_t n = (size_t)s->len;
  if (n == 0) return apc__str_empty();
  size_t k = 0;
  while (k < n && !(upper ? (s->data[k] >= 'a' && s->data[k] <= 'z') : (s->data[k] >= 'A' && s->data[k] <= 'Z'))) k++;
  if (k == n) return (apc_str *)s;
  apc_str *r = apc__str_alloc(n);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s->data[i];
    if (upper && c >= 'a' && c <= 'z') c -= 32;
    if (!upper && c >= 'A' && c <= 'Z') c += 32;
    r->data[i] = (char)c;
  }
  return r;
}

/* CPython's handle_capital_sigma: U+03A3 lowers to final sigma U+03C2 when
 * preceded by a cased letter and not followed by one (case-ignorable
 * characters skipped on both sides). */
static uint32_t lower_sigma(const decoded *d, size_t i) {
  size_t j = i;
  int final = 0;
  while (j > 0) {
    int c = apc__uni_sigma_class(d->cp[j - 1]);
    if (c != 2) {
      final = c == 1;
      break;
    }
    j--;
  }
  if (final) {
    for (j = i + 1; j < d->n; j++) {
      int c = apc__uni_sigma_class(d->cp[j]);
      if (c != 2) {
        final = c != 1;
        break;
      }
    }
  }
  return final ? 0x3C2 : 0x3C3;
}

/* mode: 0 lower, 1 upper, 2 capitalize (title case first, lower after). */
static apc_str *unicode_case(const apc_str *s, int mode) {
  decoded d = decode(s);
  apc__sb b;
  apc__sb_init(&b, (size_t)s->len + 8);
  for (size_t i = 0; i < d.n; i++) {
    uint32_t out[3];
    int k;
    if (mode == 1)
      k = apc__uni_upper(d.cp[i], out);
    else if (mode == 2 && i == 0)
      k = apc__uni_title(d.cp[i], out);
    else if (d.cp[i] == 0x3A3) {
      out[0] = lower_sigma(&d, i);
      k = 1;
    } else {
      k = apc__uni_lower(d.cp[i], out);
    }
    for (int q = 0; q < k; q++) {
      char enc[4];
      apc__sb_put(&b, enc, apc__utf8_put(out[q], enc));
    }
  }
  decoded_free(&d);
  return apc__sb_finish(&b);
}

apc_str *apc_str_upper(const apc_str *s) {
  return apc__is_ascii(s->data, (size_t)s->len) ? ascii_case(s, 1) : unicode_case(s, 1);
}

apc_str *apc_str_lower(const apc_str *s) {
  return apc__is_ascii(s->data, (size_t)s->len) ? ascii_case(s, 0) : unicode_case(s, 0);
}

apc_str *apc_str_capitalize(const apc_str *s) {
  if (!apc__is_ascii(s->data, (size_t)s->len)) return unicode_case(s, 2);
  apc_str *r = ascii_case(s, 0);
  if (r->len && r->data[0] >= 'a' && r->data[0] <= 'z') {
    if (r == s) r = apc_str_new(s->data, s->len); /* never change s itself */
    r->data[0] -= 32;
  }
  return r;
}

/* ---- predicates --------------------------------------------------------------- */

/* True when s is non-empty and pred holds for every code point. */
static bool all_cps(const apc_str *s, int (*pred)(uint32_t)) {
  size_t n = (size_t)s->len;
  if (n == 0) return false;
  for (size_t i = 0; i < n;) {
    uint32_t cp = apc__utf8_next((const unsigned char *)s->data, n, &i);
    if (!pred(cp)) return false;
  }
  return true;
}

static int cp_isdigit(uint32_t cp) { return cp < 128 ? cp >= '0' && cp <= '9' : apc__uni_isdigit(cp); }
static int cp_isalpha(uint32_t cp) {
  return cp < 128 ? (cp | 32) >= 'a' && (cp | 32) <= 'z' : apc__uni_isalpha(cp);
}

bool apc_str_isdigit(const apc_str *s) { return all_cps(s, cp_isdigit); }
bool apc_str_isalpha(const apc_str *s) { return all_cps(s, cp_isalpha); }
bool apc_str_isspace(const apc_str *s) { return all_cps(s, apc__cp_isspace); }
