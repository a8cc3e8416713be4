/* gc_driver.c: test driver for the garbage collector (tests/runtime/gc.test.ts).
 *
 * Compiled with runtime/gc.c alone. One mode per run (argv[1]); each prints
 * `key=value` lines for the test to check and ends with `ok`, or prints
 * `FAIL: why` and exits 1. Sizes and counts come from the command line so
 * the test states them.
 *   roots       objects reachable only from the stack, a global, a static
 *               .bss array, another object, or an interior pointer survive
 *               collections and heavy reuse with their contents intact
 *   garbage MB  allocate MB megabytes of small objects keeping the last one
 *   large       100 large objects are unmapped once dead
 *   deeplist N  a linked list of N nodes: kept, verified, then dropped
 *   atomic 0|1  a pointer held only by an atomic object keeps nothing alive
 *               (1), unlike the same pointer in a scanned object (0)
 *   realloc     contents, zeroed tails and the atomic flag survive realloc
 *   lists N [K] N small 3-element "lists" (header + item array), each dropped
 *               unless K > 0 and its index is a multiple of K (then kept)
 *   stress N    N random steps on an object graph (new objects, edges,
 *               dropped roots, realloc, garbage), checked as it goes
 *   bench N     N 32-byte objects, each dropped: throughput
 *   oom         an impossible allocation: MemoryError, exit status 1
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gc.h"

#define MiB (1024.0 * 1024.0)

static void fail(const char *why, long detail) {
  printf("FAIL: %s (%ld)\n", why, detail);
  exit(1);
}

/* A field of /proc/self/status in kB (VmHWM, VmRSS). */
static long status_kb(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t n = strlen(key);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ':') v = strtol(line + n + 1, NULL, 10);
  if (f) fclose(f);
  return v;
}

/* Overwrite the dead part of the stack below us, so stale copies of
 * pointers left by earlier calls cannot keep objects alive. */
static __attribute__((noinline)) void clear_stack(void) {
  char buf[128 * 1024];
  memset(buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory");
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* Byte patterns that never look like heap addresses (bit 7 set in every
 * byte makes each word >= 2^63). */
static void fill(void *p, size_t n, unsigned seed) {
  unsigned char *b = p;
  for (size_t i = 0; i < n; i++) b[i] = (unsigned char)(0x80 | ((seed * 31 + i * 7) & 0x7f));
}
static int intact(const void *p, size_t n, unsigned seed) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i] != (unsigned char)(0x80 | ((seed * 31 + i * 7) & 0x7f))) return 0;
  return 1;
}

/* Garbage of mixed sizes filled with junk, so a wrongly freed object is
 * quickly reused and overwritten. */
static void churn(size_t bytes) {
  size_t done = 0;
  while (done < bytes) {
    uint64_t r = next_rand();
    size_t n = r % 8 == 0 ? 2049 + r % 20000 : 1 + (r >> 8) % 2048;
    void *p = (r >> 40) & 1 ? apc_gc_alloc(n) : apc_gc_alloc_atomic(n);
    memset(p, 0xA5, n);
    done += n;
  }
}

/* ---- roots --------------------------------------------------------------- */

void *global_root;             /* a global variable */
static void *bss_roots[300];   /* a static array in .bss */
static const size_t SIZES[] = {1, 8, 16, 24, 40, 100, 130, 250, 500, 1000, 1500, 2048, 2049, 5000, 70000};
#define NSIZES (sizeof SIZES / sizeof SIZES[0])

char *global_inner;

/* A patterned object of n bytes; returns only a pointer `off` bytes in. */
static __attribute__((noinline)) char *make_interior(size_t n, size_t off, unsigned seed) {
  char *p = apc_gc_alloc(n);
  fill(p, n, seed);
  return p + off;
}

typedef struct {
  void *child[NSIZES];
  size_t tag;
} parent;

static int mode_roots(void) {
  void *on_stack[NSIZES];
  for (size_t i = 0; i < NSIZES; i++) {
    on_stack[i] = i % 2 ? apc_gc_alloc(SIZES[i]) : apc_gc_alloc_atomic(SIZES[i]);
    fill(on_stack[i], SIZES[i], 1000 + (unsigned)i);
  }
  global_root = apc_gc_alloc(sizeof(parent));
  parent *gp = global_root;
  for (size_t i = 0; i < NSIZES; i++) {
    gp->child[i] = apc_gc_alloc_atomic(SIZES[i]); /* reachable only inside another object */
    fill(gp->child[i], SIZES[i], 2000 + (unsigned)i);
  }
  gp = NULL;
  for (size_t i = 0; i < 300; i++) {
    size_t n = SIZES[i % NSIZES];
    bss_roots[i] = apc_gc_alloc(n);
    fill(bss_roots[i], n, 3000 + (unsigned)i);
  }
  /* Only interior pointers, into small and large objects, on the stack and
   * in a global. */
  char *volatile inner_small = make_interior(256, 100, 4000);
  char *volatile inner_large = make_interior(100000, 50000, 4001);
  global_inner = make_interior(2000, 1999, 4002);
  clear_stack();
  __asm__ volatile("" : : "r"(on_stack) : "memory");

  for (int round = 0; round < 30; round++) {
    churn(4 << 20);
    apc_gc_collect();
    clear_stack();
    __asm__ volatile("" : : "r"(on_stack) : "memory");
  }
  for (size_t i = 0; i < NSIZES; i++)
    if (!intact(on_stack[i], SIZES[i], 1000 + (unsigned)i)) fail("stack root lost", (long)i);
  gp = global_root;
  for (size_t i = 0; i < NSIZES; i++)
    if (!intact(gp->child[i], SIZES[i], 2000 + (unsigned)i)) fail("object inside an object lost", (long)i);
  for (size_t i = 0; i < 300; i++)
    if (!intact(bss_roots[i], SIZES[i % NSIZES], 3000 + (unsigned)i)) fail(".bss root lost", (long)i);
  if (!intact(inner_small - 100, 256, 4000)) fail("small object held by an interior pointer lost", 0);
  if (!intact(inner_large - 50000, 100000, 4001)) fail("large object held by an interior pointer lost", 0);
  if (!intact(global_inner - 1999, 2000, 4002)) fail("object held by its last byte lost", 0);
  printf("live=%zu\nheap=%zu\nok\n", apc_gc_live_bytes(), apc_gc_heap_bytes());
  return 0;
}

/* ---- garbage ------------------------------------------------------------- */

static void *volatile last_object;

static int mode_garbage(long mb) {
  size_t total = 0, limit = (size_t)mb << 20, max_heap = 0;
  while (total < limit) {
    uint64_t r = next_rand();
    size_t n = r % 4 ? 16 + r % 48 : 1 + (r >> 8) % 2048; /* mostly list/tuple sized */
    unsigned char *p = (r >> 40) & 1 ? apc_gc_alloc(n) : apc_gc_alloc_atomic(n);
    for (size_t i = 0; i < n; i++)
      if (p[i]) fail("memory not zeroed", (long)i);
    memset(p, 0x5A, n);
    last_object = p;
    total += n;
    if (apc_gc_heap_bytes() > max_heap) max_heap = apc_gc_heap_bytes();
  }
  printf("allocated_mb=%.1f\nmax_heap_mb=%.2f\nhwm_kb=%ld\nok\n", total / MiB, max_heap / MiB, status_kb("VmHWM"));
  return 0;
}

/* ---- large --------------------------------------------------------------- */

static void *big[100];

static __attribute__((noinline)) void make_big(void) {
  for (int i = 0; i < 100; i++) {
    big[i] = apc_gc_alloc_atomic(1 << 20);
    memset(big[i], i + 1, 1 << 20); /* touch every page */
  }
}

static int mode_large(void) {
  void *keep = apc_gc_alloc(300000);
  fill(keep, 300000, 77);
  make_big();
  apc_gc_collect();
  size_t heap_full = apc_gc_heap_bytes();
  long rss_full = status_kb("VmRSS");
  memset(big, 0, sizeof big);
  clear_stack();
  apc_gc_collect();
  size_t heap_after = apc_gc_heap_bytes();
  long rss_after = status_kb("VmRSS");
  if (!intact(keep, 300000, 77)) fail("live large object lost", 0);
  printf("heap_full_mb=%.2f\nheap_after_mb=%.2f\nrss_full_kb=%ld\nrss_after_kb=%ld\nok\n", heap_full / MiB,
         heap_after / MiB, rss_full, rss_after);
  return 0;
}

/* ---- deeplist ------------------------------------------------------------ */

typedef struct node {
  struct node *next;
  int64_t value;
} node;

static node *volatile list_head;

static __attribute__((noinline)) void build_list(long n) {
  node *head = NULL;
  for (long i = n - 1; i >= 0; i--) {
    node *x = apc_gc_alloc(sizeof(node));
    x->next = head;
    x->value = i;
    head = x;
  }
  list_head = head;
}

static int mode_deeplist(long n) {
  build_list(n);
  clear_stack();
  apc_gc_collect();
  size_t live_kept = apc_gc_live_bytes(), heap_kept = apc_gc_heap_bytes();
  long i = 0;
  for (node *x = list_head; x; x = x->next, i++)
    if (x->value != i) fail("list node corrupted", i);
  if (i != n) fail("list length", i);
  list_head = NULL;
  clear_stack();
  apc_gc_collect();
  printf("live_kept_mb=%.2f\nheap_kept_mb=%.2f\nlive_dropped_mb=%.2f\nheap_dropped_mb=%.2f\nok\n", live_kept / MiB,
         heap_kept / MiB, apc_gc_live_bytes() / MiB, apc_gc_heap_bytes() / MiB);
  return 0;
}

/* ---- atomic -------------------------------------------------------------- */

static void **holder; /* a scanned or atomic one-slot object */

/* 1000 small objects and a 4 MiB array, reachable only from *holder. */
static __attribute__((noinline)) void make_island(void) {
  void **island = apc_gc_alloc(1001 * sizeof(void *));
  for (int i = 0; i < 1000; i++) island[i] = apc_gc_alloc(1024);
  island[1000] = apc_gc_alloc(4 << 20);
  holder[0] = island;
}

/* One holder per run (a fresh process each), so no stale register or
 * stack copy from the other case can blur the comparison. */
static int mode_atomic(long atomic_holder) {
  holder = atomic_holder ? apc_gc_alloc_atomic(sizeof(void *)) : apc_gc_alloc(sizeof(void *));
  make_island();
  clear_stack();
  apc_gc_collect();
  if (holder[0] == NULL) fail("holder lost its contents", 0);
  printf("live=%zu\nok\n", apc_gc_live_bytes());
  return 0;
}

/* ---- realloc ------------------------------------------------------------- */

static void *kept; /* the object being resized */

/* A 1 MiB array reachable only from kept[slot]. */
static __attribute__((noinline)) void hang_child(size_t slot) {
  void *child = apc_gc_alloc_atomic(1 << 20);
  fill(child, 1 << 20, 9);
  ((void **)kept)[slot] = child;
}

static void expect_zero(const void *p, size_t from, size_t to, const char *what) {
  for (size_t i = from; i < to; i++)
    if (((const unsigned char *)p)[i]) fail(what, (long)i);
}

/* Grow and shrink `kept` through small and large sizes keeping a pattern
 * in its first `live` bytes. */
static void resize_walk(unsigned seed) {
  static const size_t steps[] = {24, 40, 48, 47, 200, 2048, 2100, 9000, 1 << 20, 3 << 20, 70000, 5000, 1000, 100, 24};
  size_t live = 24;
  fill(kept, live, seed);
  for (size_t s = 1; s < sizeof steps / sizeof steps[0]; s++) {
    size_t n = steps[s];
    kept = apc_gc_realloc(kept, n);
    if (n < live) live = n;
    if (!intact(kept, live, seed)) fail("realloc lost contents", (long)n);
    expect_zero(kept, live, n, "realloc tail not zero");
    churn(1 << 20);
    apc_gc_collect();
    if (!intact(kept, live, seed)) fail("contents lost after collection", (long)n);
    fill(kept, n, seed); /* now all n bytes are the pattern */
    live = n;
  }
}

static int mode_realloc(void) {
  if (!(kept = apc_gc_realloc(NULL, 24))) fail("realloc(NULL)", 0);
  resize_walk(5);
  /* In-place shrink then grow within one slot: the tail comes back zero. */
  kept = apc_gc_realloc(kept, 48);
  fill(kept, 48, 6);
  kept = apc_gc_realloc(kept, 40);
  kept = apc_gc_realloc(kept, 48);
  expect_zero(kept, 40, 48, "shrunk tail not zeroed");
  if (!intact(kept, 40, 6)) fail("in-place realloc", 0);

  /* The scanned flag survives small -> small -> large moves. */
  size_t flags_ok = 0;
  const size_t sizes[] = {32, 64, 3000, 200000};
  kept = apc_gc_alloc(16);
  for (size_t i = 0; i < 4; i++) {
    kept = apc_gc_realloc(kept, sizes[i]);
    hang_child(1);
    clear_stack();
    apc_gc_collect();
    if (apc_gc_live_bytes() < (1 << 20)) fail("scanned object lost its flag", (long)sizes[i]);
    if (!intact(((void **)kept)[1], 1 << 20, 9)) fail("child of a realloc'ed object", (long)sizes[i]);
    flags_ok++;
  }
  /* The atomic flag too: a child held only by an atomic object dies. */
  kept = apc_gc_alloc_atomic(16);
  for (size_t i = 0; i < 4; i++) {
    kept = apc_gc_realloc(kept, sizes[i]);
    hang_child(1);
    clear_stack();
    apc_gc_collect();
    if (apc_gc_live_bytes() >= (1 << 20)) fail("atomic object lost its flag", (long)sizes[i]);
    flags_ok++;
  }
  /* A growing array of a million int64 by doubling, with collections. */
  int64_t *a = NULL;
  size_t cap = 0;
  for (int64_t i = 0; i < 1000000; i++) {
    if ((size_t)i == cap) {
      cap = cap ? 2 * cap : 4;
      a = apc_gc_realloc(a, cap * sizeof *a);
    }
    a[i] = i * 3;
    if (i % 100000 == 0) apc_gc_collect();
  }
  for (int64_t i = 0; i < 1000000; i++)
    if (a[i] != i * 3) fail("grown array", (long)i);
  printf("flags_ok=%zu\nok\n", flags_ok);
  return 0;
}

/* ---- stress -------------------------------------------------------------- */

/* A random object graph. Every object starts with {tag, size, nptr}: tag
 * has its top bit set (never a heap address) and seeds the pattern of the
 * bytes after the pointer fields. Graph edges come and go at random;
 * objects in `solo` are referenced from nowhere else, so they may be
 * realloc'ed. Every check walks two levels from each root. */
typedef struct {
  uint64_t tag, size, nptr;
  void *ptr[];
} gobj;

#define NROOTS 2048
#define NSOLO 64
static gobj *roots[NROOTS];
static gobj *solo[NSOLO];

static gobj *new_gobj(void) {
  uint64_t r = next_rand();
  size_t size = r % 16 == 0 ? 2049 + r % 30000 : 24 + (r >> 8) % 2000;
  size_t nptr = (r >> 32) & 1 ? 0 : ((r >> 33) % ((size - 24) / 8 + 1)) % 8;
  gobj *o = nptr ? apc_gc_alloc(size) : apc_gc_alloc_atomic(size);
  o->tag = (r >> 1) | ((uint64_t)1 << 63);
  o->size = size;
  o->nptr = nptr;
  fill((char *)o + 24 + nptr * 8, size - 24 - nptr * 8, (unsigned)o->tag);
  return o;
}

static void check_gobj(const gobj *o, int depth) {
  if (!o) return;
  if (!(o->tag >> 63) || o->size < 24 || o->nptr > 7) fail("stress: header corrupted", (long)o->size);
  if (!intact((const char *)o + 24 + o->nptr * 8, o->size - 24 - o->nptr * 8, (unsigned)o->tag))
    fail("stress: contents corrupted", (long)o->size);
  if (depth > 0)
    for (size_t i = 0; i < o->nptr; i++) check_gobj(o->ptr[i], depth - 1);
}

static int mode_stress(long steps) {
  for (long step = 0; step < steps; step++) {
    uint64_t r = next_rand();
    gobj *o = roots[r % NROOTS];
    switch ((r >> 16) % 8) {
    case 0: case 1: case 2: /* a new object at a root */
      roots[r % NROOTS] = new_gobj();
      break;
    case 3: case 4: /* a new object, or an existing one, hung under a root */
      if (o && o->nptr) o->ptr[(r >> 24) % o->nptr] = (r >> 30) & 1 ? new_gobj() : roots[(r >> 32) % NROOTS];
      break;
    case 5: /* drop a root */
      roots[r % NROOTS] = NULL;
      break;
    case 6: { /* resize a solo object keeping its header and pattern */
      gobj **s = &solo[r % NSOLO];
      if (!*s) {
        *s = apc_gc_alloc_atomic(24);
        (*s)->tag = (r >> 1) | ((uint64_t)1 << 63);
        (*s)->size = 24;
      }
      size_t n = r % 8 == 0 ? 2049 + (r >> 20) % 40000 : 24 + (r >> 20) % 2000;
      *s = apc_gc_realloc(*s, n);
      fill((char *)*s + 24, n - 24, (unsigned)(*s)->tag);
      (*s)->size = n;
      break;
    }
    case 7: /* garbage */
      churn(r % 3000);
      break;
    }
    if (step % 20000 == 0) {
      if (step % 100000 == 0) apc_gc_collect();
      for (size_t i = 0; i < NROOTS; i++) check_gobj(roots[i], 2);
      for (size_t i = 0; i < NSOLO; i++) check_gobj(solo[i], 0);
    }
  }
  printf("live=%zu\nheap=%zu\nok\n", apc_gc_live_bytes(), apc_gc_heap_bytes());
  return 0;
}

/* ---- lists and bench ------------------------------------------------------ */

typedef struct {
  int64_t len, cap;
  int64_t *items;
} list;

static list *volatile current;

/* keep_every > 0: also keep every keep_every-th list in a growing array,
 * like `keep.append(x)` (a live set that grows, and realloc). */
static int mode_lists(long n, long keep_every) {
  list **keep = NULL;
  size_t nkeep = 0, cap = 0;
  for (long i = 0; i < n; i++) {
    list *x = apc_gc_alloc(sizeof(list));
    x->items = apc_gc_alloc(3 * sizeof(int64_t));
    x->items[0] = i;
    x->items[1] = i + 1;
    x->items[2] = i + 2;
    x->len = x->cap = 3;
    current = x;
    if (keep_every && i % keep_every == 0) {
      if (nkeep == cap) {
        cap = cap ? cap + cap / 8 + 6 : 4; /* CPython's list growth */
        keep = apc_gc_realloc(keep, cap * sizeof *keep);
      }
      keep[nkeep++] = x;
    }
  }
  for (size_t j = 0; j < nkeep; j++)
    if (keep[j]->items[0] != (int64_t)j * keep_every || keep[j]->items[2] != (int64_t)j * keep_every + 2)
      fail("kept list corrupted", (long)j);
  printf("kept=%zu\nhwm_kb=%ld\nok\n", nkeep, status_kb("VmHWM"));
  return 0;
}

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int mode_bench(long n) {
  double t0 = seconds();
  for (long i = 0; i < n; i++) {
    int64_t *p = apc_gc_alloc(32);
    p[0] = i;
    last_object = p;
  }
  double dt = seconds() - t0;
  printf("seconds=%.3f\nmillion_per_second=%.1f\nmax_rss_kb=%ld\nok\n", dt, n / dt / 1e6, status_kb("VmHWM"));
  return 0;
}

int main(int argc, char **argv) {
  int base;
  apc_gc_init(&base);
  const char *mode = argc > 1 ? argv[1] : "";
  long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
  if (!strcmp(mode, "roots")) return mode_roots();
  if (!strcmp(mode, "garbage")) return mode_garbage(n);
  if (!strcmp(mode, "large")) return mode_large();
  if (!strcmp(mode, "deeplist")) return mode_deeplist(n);
  if (!strcmp(mode, "atomic")) return mode_atomic(n);
  if (!strcmp(mode, "realloc")) return mode_realloc();
  if (!strcmp(mode, "lists")) return mode_lists(n, argc > 3 ? strtol(argv[3], NULL, 10) : 0);
  if (!strcmp(mode, "bench")) return mode_bench(n);
  if (!strcmp(mode, "stress")) return mode_stress(n);
  if (!strcmp(mode, "oom")) {
    void *p = apc_gc_alloc(SIZE_MAX / 4 * 3);
    printf("FAIL: allocated %p\n", p);
    return 1;
  }
  fprintf(stderr, "usage: gc_driver MODE [N]\n");
  return 2;
}
