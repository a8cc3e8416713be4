/* str.c: the str object's core — allocation, code point indexing, slicing,
 * searching, comparison and repr().
 *
 * Owns: GC string allocation (apc__str_alloc, immortal one-character ASCII
 * strings and the empty string), the string builder (containers_internal.h),
 * the cache of per-string facts (all ASCII? length in code points, a
 * cursor), str indexing/slicing by code point,
 * find/index/count/startswith/endswith/in, ==, ordering, + and *, and
 * CPython's repr of a str (quote choice and escapes).
 * Does not own: split/join/strip/replace/case methods (str_methods.c), the
 * format mini-language (format.c), Unicode tables (unicode.c and
 * str_unicode.c), str hashing (value.c).
 *
 * Strings are UTF-8. ASCII strings (the common case) index bytes directly;
 * others decode with apc__utf8_next, so an invalid byte counts as one code
 * point everywhere (Python's surrogateescape view).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <stdlib.h>
#include <string.h>

#include "containers_internal.h"

/* ---- allocation ------------------------------------------------------- */

/* Immortal strings: a literal-like layout with room for one character. */
typedef struct {
  int64_t len;
  char data[8];
} small_str;

static small_str empty_str = {0, {0}};
/* The one-character ASCII strings, indexed by byte: compiled loops over an
 * ASCII string read them inline (the `strascii` IR op). */
#define ONE(i) {1, {(char)(i)}}
#define FOUR(i) ONE(i), ONE((i) + 1), ONE((i) + 2), ONE((i) + 3)
#define SIXTEEN(i) FOUR(i), FOUR((i) + 4), FOUR((i) + 8), FOUR((i) + 12)
small_str apc_ascii_chars[128] = {SIXTEEN(0), SIXTEEN(16), SIXTEEN(32), SIXTEEN(48), SIXTEEN(64), SIXTEEN(80), SIXTEEN(96), SIXTEEN(112)};
#undef ONE
#undef FOUR
#undef SIXTEEN

apc_str *apc__str_empty(void) { return (apc_str *)&empty_str; }

static apc_str *ascii_char(unsigned char c) {
  return (apc_str *)&apc_ascii_chars[c];
}

/* The string cache remembers facts about a few long strings: whether they
 * are all ASCII and, for the others, their length in code points and one
 * code point boundary (a cursor), so s[i] in a loop neither rescans s nor
 * walks it from the start. Entries are keyed by address and byte length;
 * every string this file allocates evicts its own address, so a recycled
 * address can never inherit stale facts. Addresses are stored disguised
 * (complemented) so the cache keeps no string alive (gc.h). */
#define STR_CACHE 16
#define STR_CACHE_MIN 64
typedef struct {
  uintptr_t key; /* ~address */
  int64_t len;
  int ascii;
  int64_t count;        /* code points, -1 until known */
  int64_t at_cp;        /* the cursor: code point at_cp starts at byte at_off */
  size_t at_off;
} str_facts;
static str_facts str_cache[STR_CACHE];

static size_t cache_slot(const void *p) { return ((uintptr_t)p >> 4) % STR_CACHE; }

/* The hash of the string hashed last, of any length (`d[k] = d.get(k, 0) + 1`
 * hashes k twice), keyed and evicted like the facts above. */
static struct {
  uintptr_t key; /* ~address, 0: none */
  int64_t len;
  int64_t hash;
} hash_memo;

static void cache_forget(const apc_str *s) {
  size_t k = cache_slot(s);
  if (str_cache[k].key == ~(uintptr_t)s) str_cache[k].key = 0;
  if (hash_memo.key == ~(uintptr_t)s) hash_memo.key = 0;
}

bool apc__str_hash_recall(const apc_str *s, int64_t *hash) {
  if (hash_memo.key != ~(uintptr_t)s || hash_memo.len != s->len) return false;
  *hash = hash_memo.hash;
  return true;
}

void apc__str_hash_remember(const apc_str *s, int64_t hash) {
  hash_memo.key = ~(uintptr_t)s;
  hash_memo.len = s->len;
  hash_memo.hash = hash;
}

apc_str *apc__str_alloc(size_t len) {
  apc_str *s = apc_gc_alloc_atomic(sizeof(apc_str) + len + 1);
  if (!s) apc_raise("MemoryError", "", NULL);
  s->len = (int64_t)len;
  cache_forget(s);
  return s;
}

apc_str *apc_str_new(const char *data, int64_t len) {
  if (len == 0) return apc__str_empty();
  apc_str *s = apc__str_alloc((size_t)len);
  memcpy(s->data, data, (size_t)len);
  return s;
}

/* ---- code points -------------------------------------------------------- */

int apc__is_ascii(const char *p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return 0;
  }
  for (; i < n; i++)
    if ((unsigned char)p[i] & 0x80) return 0;
  return 1;
}

/* The cache entry of a long string (filled on first sight), or NULL. */
static str_facts *facts(const apc_str *s) {
  if (s->len < STR_CACHE_MIN) return NULL;
  str_facts *f = &str_cache[cache_slot(s)];
  if (f->key != ~(uintptr_t)s || f->len != s->len) {
    f->key = ~(uintptr_t)s;
    f->len = s->len;
    f->ascii = apc__is_ascii(s->data, (size_t)s->len);
    f->count = f->ascii ? s->len : -1;
    f->at_cp = 0;
    f->at_off = 0;
  }
  return f;
}

static int str_is_ascii(const apc_str *s) {
  str_facts *f = facts(s);
  return f ? f->ascii : apc__is_ascii(s->data, (size_t)s->len);
}

bool apc_str_is_ascii(const apc_str *s) { return str_is_ascii(s) != 0; }

/* Code points in a non-ASCII string. */
static int64_t cp_len(const apc_str *s) {
  str_facts *f = facts(s);
  if (!f) return apc__cp_count(s->data, (size_t)s->len);
  if (f->count < 0) f->count = apc__cp_count(s->data, (size_t)s->len);
  return f->count;
}

/* Byte offset of code point i (0 <= i <= count) of a non-ASCII string,
 * walking from the cursor when it is not past i. */
static size_t cp_offset(const apc_str *s, int64_t i) {
  str_facts *f = facts(s);
  if (!f) return apc__cp_offset(s->data, (size_t)s->len, i);
  int64_t from = f->at_cp <= i ? f->at_cp : 0;
  size_t base = f->at_cp <= i ? f->at_off : 0;
  size_t off = base + apc__cp_offset(s->data + base, (size_t)s->len - base, i - from);
  f->at_cp = i;
  f->at_off = off;
  return off;
}

int64_t apc__cp_count(const char *p, size_t n) {
  if (apc__is_ascii(p, n)) return (int64_t)n;
  const unsigned char *u = (const unsigned char *)p;
  int64_t count = 0;
  for (size_t i = 0; i < n; count++) apc__utf8_next(u, n, &i);
  return count;
}

size_t apc__cp_offset(const char *p, size_t n, int64_t i) {
  const unsigned char *u = (const unsigned char *)p;
  size_t off = 0;
  for (int64_t k = 0; k < i && off < n; k++) {
    if (u[off] < 0x80)
      off++;
    else
      apc__utf8_next(u, n, &off);
  }
  return off;
}

int apc__cp_isspace(uint32_t cp) {
  if (cp < 128) return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x1c && cp <= 0x1f);
  return apc__uni_isspace(cp);
}

size_t apc__utf8_put(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xDC80 && cp <= 0xDCFF) { /* a surrogate-escaped raw byte */
    out[0] = (char)(cp - 0xDC00);
    return 1;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

int64_t apc_str_len(const apc_str *s) { return str_is_ascii(s) ? s->len : cp_len(s); }

/* ---- the builder ---------------------------------------------------------- */

void apc__sb_init(apc__sb *b, size_t cap_hint) {
  if (cap_hint < 16) cap_hint = 16;
  b->s = apc_gc_alloc_atomic(sizeof(apc_str) + cap_hint + 1);
  if (!b->s) apc_raise("MemoryError", "", NULL);
  b->p = b->s->data;
  b->len = 0;
  b->cap = cap_hint;
  b->to_out = 0;
}

void apc__sb_init_out(apc__sb *b, char *buf, size_t cap) {
  b->s = NULL;
  b->p = buf;
  b->len = 0;
  b->cap = cap;
  b->to_out = 1;
}

void apc__sb_flush(apc__sb *b) {
  if (b->len) apc__out_write(b->p, b->len);
  b->len = 0;
}

void apc__sb_put_slow(apc__sb *b, const char *d, size_t n) {
  if (b->to_out) {
    apc__sb_flush(b);
    if (n > b->cap) {
      apc__out_write(d, n);
      return;
    }
  } else {
    size_t cap = b->cap * 2;
    if (cap < b->len + n) cap = b->len + n;
    b->s = apc_gc_realloc(b->s, sizeof(apc_str) + cap + 1);
    if (!b->s) apc_raise("MemoryError", "", NULL);
    b->p = b->s->data;
    b->cap = cap;
  }
  memcpy(b->p + b->len, d, n);
  b->len += n;
}

apc_str *apc__sb_finish(apc__sb *b) {
  apc_str *s = b->s;
  if (b->len == 0) return apc__str_empty();
  if (b->cap > 2 * b->len + 64) { /* give back a mostly unused tail */
    s = apc_gc_realloc(s, sizeof(apc_str) + b->len + 1);
    if (!s) apc_raise("MemoryError", "", NULL);
  }
  s->len = (int64_t)b->len;
  s->data[b->len] = '\0';
  cache_forget(s);
  return s;
}

/* ---- repr ------------------------------------------------------------------ */

static const char hex_digits[] = "0123456789abcdef";

static void repr_escape(apc__sb *b, uint32_t cp) {
  char e[10];
  int digits = cp <= 0xff ? 2 : cp <= 0xffff ? 4 : 8;
  e[0] = '\\';
  e[1] = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
  for (int d = 0; d < digits; d++) e[2 + d] = hex_digits[(cp >> (4 * (digits - 1 - d))) & 0xF];
  apc__sb_put(b, e, (size_t)(2 + digits));
}

void apc__str_repr_into(apc__sb *b, const apc_str *s) {
  const char *p = s->data;
  size_t n = (size_t)s->len;
  int has_single = memchr(p, '\'', n) != NULL, has_double = memchr(p, '"', n) != NULL;
  char quote = has_single && !has_double ? '"' : '\'';
  int ascii = str_is_ascii(s);
  apc__sb_putc(b, quote);
  size_t run = 0; /* start of the pending run of plain bytes */
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x20 && c < 0x7f && c != (unsigned char)quote && c != '\\') {
      i++;
      continue;
    }
    if (c >= 0x80 && !ascii) {
      size_t at = i;
      uint32_t cp = apc__utf8_next((const unsigned char *)p, n, &i);
      if (apc__uni_isprintable(cp) && !(cp >= 0xDC80 && cp <= 0xDCFF)) continue;
      apc__sb_put(b, p + run, at - run);
      repr_escape(b, cp);
      run = i;
      continue;
    }
    apc__sb_put(b, p + run, i - run);
    if (c == (unsigned char)quote || c == '\\') {
      char e[2] = {'\\', (char)c};
      apc__sb_put(b, e, 2);
    } else if (c == '\t') {
      apc__sb_put(b, "\\t", 2);
    } else if (c == '\n') {
      apc__sb_put(b, "\\n", 2);
    } else if (c == '\r') {
      apc__sb_put(b, "\\r", 2);
    } else {
      repr_escape(b, c);
    }
    run = ++i;
  }
  apc__sb_put(b, p + run, n - run);
  apc__sb_putc(b, quote);
}

/* ascii(x) given repr(x): every non-ASCII code point escaped as \xhh,
 * \uhhhh or \Uhhhhhhhh, as CPython's PyObject_ASCII does. */
apc_str *apc_str_ascii(const apc_str *r) {
  const char *p = r->data;
  size_t n = (size_t)r->len;
  if (apc__is_ascii(p, n)) return (apc_str *)r;
  apc__sb b;
  apc__sb_init(&b, n + 16);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) {
      apc__sb_putc(&b, (char)c);
      i++;
    } else {
      repr_escape(&b, apc__utf8_next((const unsigned char *)p, n, &i));
    }
  }
  return apc__sb_finish(&b);
}

/* ---- operators -------------------------------------------------------------- */

apc_str *apc_str_concat(const apc_str *a, const apc_str *b) {
  size_t na = (size_t)a->len, nb = (size_t)b->len;
  if (na + nb == 0) return apc__str_empty();
  apc_str *r = apc__str_alloc(na + nb);
  memcpy(r->data, a->data, na);
  memcpy(r->data + na, b->data, nb);
  return r;
}

apc_str *apc_str_repeat(const apc_str *s, int64_t n) {
  if (n <= 0 || s->len == 0) return apc__str_empty();
  if (s->len > INT64_MAX / n) apc_raise("OverflowError", "repeated string is too long", NULL);
  size_t total = (size_t)(s->len * n), done = (size_t)s->len;
  apc_str *r = apc__str_alloc(total);
  memcpy(r->data, s->data, done);
  while (done < total) { /* double the filled prefix */
    size_t k = done <= total - done ? done : total - done;
    memcpy(r->data + done, r->data, k);
    done += k;
  }
  return r;
}

apc_str *apc_str_build(const apc_str *const *parts, int64_t n) {
  size_t total = 0;
  for (int64_t i = 0; i < n; i++) total += (size_t)parts[i]->len;
  if (total == 0) return apc__str_empty();
  apc_str *r = apc__str_alloc(total);
  size_t at = 0;
  for (int64_t i = 0; i < n; i++) {
    memcpy(r->data + at, parts[i]->data, (size_t)parts[i]->len);
    at += (size_t)parts[i]->len;
  }
  return r;
}

/* Both compare the first bytes inline before calling memcmp: most
 * comparisons in character loops (`"a" <= ch <= "z"`) decide there. */
bool apc_str_eq(const apc_str *a, const apc_str *b) {
  if (a == b) return true;
  if (a->len != b->len) return false;
  return a->len == 0 || (a->data[0] == b->data[0] && memcmp(a->data, b->data, (size_t)a->len) == 0);
}

/* UTF-8 byte order is code point order. */
int64_t apc_str_compare(const apc_str *a, const apc_str *b) {
  if (a->len && b->len && a->data[0] != b->data[0]) return (unsigned char)a->data[0] < (unsigned char)b->data[0] ? -1 : 1;
  size_t n = (size_t)(a->len < b->len ? a->len : b->len);
  int c = memcmp(a->data, b->data, n);
  if (c) return c < 0 ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

/* ---- indexing and slicing ----------------------------------------------------- */

apc_str *apc_str_getitem(const apc_str *s, int64_t i, const apc_site *site) {
  size_t n = (size_t)s->len;
  if (str_is_ascii(s)) {
    if (i < 0) i += (int64_t)n;
    if (i < 0 || (uint64_t)i >= n) apc_raise("IndexError", "string index out of range", site);
    return ascii_char((unsigned char)s->data[i]);
  }
  int64_t count = cp_len(s);
  if (i < 0) i += count;
  if (i < 0 || i >= count) apc_raise("IndexError", "string index out of range", site);
  size_t at = cp_offset(s, i), end = at;
  uint32_t cp = apc__utf8_next((const unsigned char *)s->data, n, &end);
  if (cp < 0x80) return ascii_char((unsigned char)cp);
  return apc_str_new(s->data + at, (int64_t)(end - at));
}

apc_str *apc_str_slice(const apc_str *s, int64_t start, int64_t stop, int64_t step, bool has_start,
                       bool has_stop, const apc_site *site) {
  size_t n = (size_t)s->len;
  int ascii = str_is_ascii(s);
  int64_t count = ascii ? (int64_t)n : cp_len(s);
  int64_t len = apc__slice_indices(count, &start, &stop, &step, has_start, has_stop, site);
  if (len <= 0) return apc__str_empty();
  if (ascii) {
    if (step == 1) return apc_str_new(s->data + start, len);
    apc_str *r = apc__str_alloc((size_t)len);
    for (int64_t k = 0, i = start; k < len; k++, i += step) r->data[k] = s->data[i];
    return r;
  }
  if (step == 1) {
    size_t a = cp_offset(s, start);
    size_t b = a + apc__cp_offset(s->data + a, n - a, len);
    return apc_str_new(s->data + a, (int64_t)(b - a));
  }
  /* Byte offsets of every code point (plus the end), then gather. */
  size_t *off = malloc(((size_t)count + 1) * sizeof *off);
  if (!off) apc_raise("MemoryError", "", site);
  size_t at = 0;
  for (int64_t k = 0; k < count; k++) {
    off[k] = at;
    apc__utf8_next((const unsigned char *)s->data, n, &at);
  }
  off[count] = n;
  size_t total = 0;
  for (int64_t k = 0, i = start; k < len; k++, i += step) total += off[i + 1] - off[i];
  apc_str *r = apc__str_alloc(total);
  size_t w = 0;
  for (int64_t k = 0, i = start; k < len; k++, i += step) {
    memcpy(r->data + w, s->data + off[i], off[i + 1] - off[i]);
    w += off[i + 1] - off[i];
  }
  free(off);
  return r;
}

/* ---- searching ---------------------------------------------------------------- */

static const char *find_bytes(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn == 0) return h;
  if (nn == 1) return memchr(h, nd[0], hn);
  return memmem(h, hn, nd, nn);
}

bool apc_str_contains(const apc_str *haystack, const apc_str *needle) {
  return find_bytes(haystack->data, (size_t)haystack->len, needle->data, (size_t)needle->len) != NULL;
}

int64_t apc_str_find(const apc_str *s, const apc_str *sub) {
  const char *at = find_bytes(s->data, (size_t)s->len, sub->data, (size_t)sub->len);
  if (!at) return -1;
  size_t off = (size_t)(at - s->data);
  return apc__cp_count(s->data, off);
}

int64_t apc_str_index(const apc_str *s, const apc_str *sub, const apc_site *site) {
  int64_t i = apc_str_find(s, sub);
  if (i < 0) apc_raise("ValueError", "substring not found", site);
  return i;
}

int64_t apc_str_count(const apc_str *s, const apc_str *sub) {
  size_t n = (size_t)s->len, m = (size_t)sub->len;
  if (m == 0) return apc_str_len(s) + 1;
  int64_t count = 0;
  const char *p = s->data, *end = s->data + n;
  while ((size_t)(end - p) >= m) {
    const char *at = find_bytes(p, (size_t)(end - p), sub->data, m);
    if (!at) break;
    count++;
    p = at + m;
  }
  return count;
}

bool apc_str_startswith(const apc_str *s, const apc_str *prefix) {
  return prefix->len <= s->len && memcmp(s->data, prefix->data, (size_t)prefix->len) == 0;
}

bool apc_str_endswith(const apc_str *s, const apc_str *suffix) {
  return suffix->len <= s->len &&
         memcmp(s->data + s->len - suffix->len, suffix->data, (size_t)suffix->len) == 0;
}

/* ---- searching in s[start:end] ------------------------------------------------- */

/* CPython's ADJUST_INDICES: negative indices count from the end, then clamp
 * to [0, len]; start may stay past the end. Returns the window as a new
 * string, or NULL when it is shorter than sub (every method then reports
 * "not found", even for an empty sub: "abc".find("", 4) is -1). */
static apc_str *window(const apc_str *s, const apc_str *sub, int64_t *start, int64_t end, bool has_end) {
  int64_t len = apc_str_len(s);
  if (!has_end || end > len) end = len;
  else if (end < 0 && (end += len) < 0) end = 0;
  if (*start < 0 && (*start += len) < 0) *start = 0;
  if (end - *start < apc_str_len(sub)) return NULL;
  return apc_str_slice(s, *start, end, 1, true, true, NULL);
}

/* str.find(sub, start[, end]) */
int64_t apc_str_find_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end) {
  apc_str *w = window(s, sub, &start, end, has_end);
  int64_t i = w ? apc_str_find(w, sub) : -1;
  return i < 0 ? -1 : i + start;
}

/* str.index(sub, start[, end]): ValueError "substring not found" */
int64_t apc_str_index_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end,
                         const apc_site *site) {
  int64_t i = apc_str_find_in(s, sub, start, end, has_end);
  if (i < 0) apc_raise("ValueError", "substring not found", site);
  return i;
}

/* str.count(sub, start[, end]) */
int64_t apc_str_count_in(const apc_str *s, const apc_str *sub, int64_t start, int64_t end, bool has_end) {
  apc_str *w = window(s, sub, &start, end, has_end);
  return w ? apc_str_count(w, sub) : 0;
}

/* str.startswith(prefix, start[, end]) */
bool apc_str_startswith_in(const apc_str *s, const apc_str *prefix, int64_t start, int64_t end, bool has_end) {
  apc_str *w = window(s, prefix, &start, end, has_end);
  return w && apc_str_startswith(w, prefix);
}

/* str.endswith(suffix, start[, end]) */
bool apc_str_endswith_in(const apc_str *s, const apc_str *suffix, int64_t start, int64_t end, bool has_end) {
  apc_str *w = window(s, suffix, &start, end, has_end);
  return w && apc_str_endswith(w, suffix);
}
