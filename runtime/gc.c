/* gc.c: the garbage collector of compiled programs (API in gc.h).
 *
 * Owns: all GC heap memory (small-object chunks, large-object mappings),
 * root finding, marking, sweeping, the collection trigger, and giving memory
 * back to the OS. Does not own: object layouts (lists, strs, ... are built
 * on top of apc_gc_alloc by their own files) or anything about threads.
 *
 * Design: a conservative mark-sweep collector, Boehm-style, written here
 * with libc only.
 * - Why conservative: the compiler then emits nothing but allocation calls.
 *   No stack maps, no shadow stack, no root registration, no write
 *   barriers, and LLVM may keep pointers in registers, spill them, or keep
 *   only a pointer into the middle of an array. The price is rare false
 *   retention (an integer that looks like a heap address keeps an object
 *   alive), which costs memory, never correctness. Reference counting would
 *   put increments and decrements into every generated function and still
 *   need a cycle collector.
 * - Why not libgc itself: the runtime links with libc only, and owning the
 *   code lets us pick size classes and the trigger for Python-shaped
 *   workloads (millions of small, short-lived lists and tuples).
 * - What it cannot see: pointers kept only in malloc'ed memory, in
 *   _Thread_local variables, at unaligned addresses, or disguised; other
 *   threads' stacks (the runtime is single-threaded).
 *
 * Heap layout
 * - Small objects (<= 2 KiB) live in 64 KiB chunks aligned to 64 KiB, one
 *   size class and one kind (scanned or atomic) per chunk, so any address
 *   maps to its chunk header by masking. The header holds the mark bitmap
 *   (one bit per slot, outside the objects). Chunks are carved from arenas
 *   (4..64 MiB mmaps, aligned by over-allocation and trimming). A two-level
 *   radix bitmap over 48-bit addresses (a bit per 64 KiB) says whether an
 *   address is in a live chunk: two loads and a bit test.
 * - Large objects (> 2 KiB) are individual page-aligned mmaps, kept in an
 *   array sorted by address (plus a short unsorted tail of recent ones,
 *   merged every 32) for binary search, and munmapped when dead. Dead ones
 *   of up to 16 pages are first kept for reuse during one cycle (zeroed
 *   with memset when reused): mmap + page faults + munmap cost ~4 us per
 *   object, reuse ~0.2 us; what a cycle does not reuse is munmapped.
 *
 * Allocation: apc_gc_alloc pops a per-kind free list (a load, a load, two
 * stores). The first word of a free slot holds ~next, so a conservative scan
 * of a free slot never follows the list. When a list runs dry, the slow
 * path refills it: from the bump region of the current chunk (never-used
 * slots, zero), else by lazily sweeping the kind's next unswept chunk
 * (unmarked slots are zeroed in runs and linked), else - after checking the
 * trigger - from a free chunk (a dirty one is zeroed, a clean one is zero).
 *
 * Collection (stop the world, whole heap): drop free lists, clear marks,
 * spill registers (__builtin_unwind_init + setjmp), push the stack from the
 * current frame to the stack base and every PT_LOAD segment with PF_W of
 * every loaded object (dl_iterate_phdr; the collector's own state G is cut
 * out, its other metadata is mmapped) as ranges, then drain an explicit mark
 * stack (no recursion; ranges longer than 4 KiB are scanned a slice at a
 * time, the rest pushed back first, so a 10-million-element array does not
 * push 10 million entries at once). A word is a candidate if it falls in
 * the heap's address span, then in a chunk (radix bit; slot index by
 * multiplying with a reciprocal) or a large object (binary search). After
 * marking: chunks with no mark go to the free-chunk pool, the others are
 * queued for lazy sweeping; dead large objects are unmapped (or cached).
 *
 * Trigger: a collection runs when a refill needs a new chunk (or a large
 * object is mapped) and the bytes handed out since the last collection
 * exceed max(4 MiB, half the live bytes after the last collection); so
 * the heap stays near 1.5x the live data plus 4 MiB. Fresh memory is the
 * expensive part here: the kernel zeroes every new page, and on a VM the
 * first touch of a page runs at ~0.6 GB/s against ~7 GB/s for marking, so
 * collecting a little more often to reuse memory pays. Free chunks beyond what the next
 * cycle will allocate are given back with madvise(MADV_DONTNEED) (they
 * stay mapped and read as zero, so reusing them needs no memset).
 *
 * APC_GC_STATS=1 prints collections, pause times and the peak heap at exit;
 * APC_GC_STATS=2 also prints one line per collection.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* dl_iterate_phdr, mremap, MAP_ANONYMOUS */
#endif

#include "gc.h"

#include <dlfcn.h>
#include <link.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* ---- geometry ----------------------------------------------------------- */

#define CHUNK_SHIFT 16
#define CHUNK_SIZE ((uintptr_t)1 << CHUNK_SHIFT)
#define CHUNK_MASK (CHUNK_SIZE - 1)
#define GRANULE 16
#define SMALL_MAX 2048
#define MAX_SLOTS (CHUNK_SIZE / GRANULE)
#define ADDR_BITS 48
#define LEAF_SHIFT 15 /* a radix leaf: a bit for each of 2^15 chunks (4 KiB) */
#define LEAF_WORDS (((size_t)1 << LEAF_SHIFT) / 64)
#define MAP_TOP ((size_t)1 << (ADDR_BITS - CHUNK_SHIFT - LEAF_SHIFT))

#define MIN_TRIGGER ((size_t)4 << 20) /* bytes allocated between collections, at least */
#define MIN_POOL ((size_t)8 << 20)    /* free chunks kept (not given back) in any case */
#define CARVE_BYTES 4096              /* slots taken from a bump region per refill */
#define SCAN_SLICE 4096               /* bytes of a range scanned before the rest */
#define LARGE_PENDING 32              /* unsorted large entries before a merge */
#define CACHE_PAGES 64                /* dead large objects up to this many pages are reused */
#define COPY_REALLOC_MAX ((size_t)1 << 20) /* large objects grow by copying up to this size, then by mremap */
#define ARENA_MIN ((size_t)4 << 20)
#define ARENA_MAX ((size_t)64 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

static const uint16_t CLASS_SIZE[] = {16,  32,  48,  64,  80,  96,  112, 128,  160,  192,  224,
                                      256, 320, 384, 448, 512, 640, 768, 1024, 1280, 1536, 2048};
#define NCLASS ((unsigned)(sizeof CLASS_SIZE / sizeof CLASS_SIZE[0]))
#define NKINDS (2 * NCLASS) /* kind = class (scanned) or NCLASS + class (atomic) */

/* A chunk starts with this header; slots follow at CHUNK_HDR. */
typedef struct chunk {
  struct chunk *next; /* next chunk of the same kind */
  uint32_t size;      /* slot bytes */
  uint32_t recip;     /* floor(2^32 / size) + 1: slot = (offset * recip) >> 32 */
  uint32_t nslots;
  uint32_t bump;      /* slots [bump, nslots) were never handed out (zero) */
  uint32_t kind;
  uint32_t atomic;
  uint64_t marks[MAX_SLOTS / 64];
} chunk;
#define CHUNK_HDR ((sizeof(chunk) + 63) & ~(uintptr_t)63)

typedef struct {
  uintptr_t start, end;
} range;

/* A large object: a mapping of `bits & ~L_FLAGS` bytes (a page multiple). */
typedef struct {
  uintptr_t base;
  uintptr_t bits;
} large;
#define L_MARK ((uintptr_t)1)
#define L_ATOMIC ((uintptr_t)2)
#define L_FLAGS ((uintptr_t)3)

typedef struct {
  chunk *chunks;  /* every chunk of the kind */
  chunk *unswept; /* a suffix of `chunks` not swept since the last collection */
  chunk *cur;     /* the chunk whose bump region refills the free list */
} kind;

/* All collector state. It lives in .bss, so root scanning cuts it out. */
static struct {
  uintptr_t free[NKINDS]; /* free-list heads; each free slot's first word is ~next */
  uint8_t class_of[SMALL_MAX / GRANULE + 1]; /* by (size + 15) / 16 */
  kind kinds[NKINDS];
  bool inited, collecting;
  size_t page;
  uintptr_t stack_base;
  /* accounting */
  size_t since;       /* bytes handed out since the last collection */
  size_t trigger;     /* collect when `since` passes this */
  size_t live;        /* bytes marked by the last collection */
  size_t chunk_bytes; /* chunks in kinds or in the dirty pool */
  size_t large_bytes;
  size_t cache_bytes; /* dead large mappings kept for reuse */
  size_t peak_heap;
  /* address space */
  uint64_t **map; /* radix bitmap of live chunks: MAP_TOP leaves */
  uintptr_t arena_cur, arena_end, arena_lo, arena_hi;
  size_t arena_total;
  uintptr_t lo, hi; /* every chunk and large object lies in [lo, hi) */
  /* free chunks: dirty ones hold garbage, clean ones read as zero */
  chunk **dirty, **clean;
  size_t ndirty, nclean, pool_cap;
  /* large objects: [0, nsorted) sorted by base, then an unsorted tail */
  large *large;
  size_t nlarge, nsorted, large_cap;
  uintptr_t large_lo, large_hi;
  uintptr_t cache[CACHE_PAGES + 1]; /* dead mappings by page count, linked through their first word */
  /* embedded in a host program (apc_gc_embed) */
  bool embedded;
  uintptr_t self_base; /* load address of the object holding this collector */
  uintptr_t *pins;     /* objects the host holds (apc_gc_pin); scanned as roots */
  size_t npins, pin_cap;
  /* mark stack */
  range *mstack;
  size_t msp, mcap;
  /* APC_GC_STATS */
  int stats; /* 1: totals at exit, 2: also each collection */
  size_t ncollect;
  uint64_t pause_ns, max_pause_ns;
} G;

typedef uintptr_t __attribute__((may_alias)) word; /* scanning reads any memory as words */

/* ---- OS memory and failures ------------------------------------------- */

__attribute__((weak)) void apc_gc_out_of_memory(void) {
  static const char msg[] = "MemoryError\n";
  if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more we can do */
  }
  exit(1);
}

static _Noreturn void out_of_memory(void) {
  apc_gc_out_of_memory();
  _exit(1); /* an override that returned */
}

static _Noreturn void fatal(const char *msg) {
  fprintf(stderr, "apc gc: %s\n", msg);
  abort();
}

static void *os_map(size_t size, bool reserve) {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | (reserve ? 0 : MAP_NORESERVE);
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Ask for huge pages on a mapping big enough to hold one (the kernel then
 * faults it in 2 MiB at a time, also when the collector reads pages a
 * growing list has not written yet). */
static void huge_hint(void *p, size_t size) {
  if (size >= HUGE_PAGE) madvise(p, size, MADV_HUGEPAGE);
}

/* Collector metadata (never scanned): a fresh or grown mapping. */
static void *meta_grow(void *old, size_t old_bytes, size_t new_bytes) {
  void *p = old ? mremap(old, old_bytes, new_bytes, MREMAP_MAYMOVE) : os_map(new_bytes, false);
  if (p == NULL || p == MAP_FAILED) out_of_memory();
  return p;
}

static void note_heap(void) {
  size_t h = G.chunk_bytes + G.large_bytes + G.cache_bytes;
  if (h > G.peak_heap) G.peak_heap = h;
}

static void widen(uintptr_t lo, uintptr_t hi) {
  if (G.lo == G.hi) {
    G.lo = lo;
    G.hi = hi;
  }
  if (lo < G.lo) G.lo = lo;
  if (hi > G.hi) G.hi = hi;
}

static void collect(void);

/* ---- the chunk map ------------------------------------------------------ */

/* Only for addresses in [G.lo, G.hi), which are below 2^48. */
static inline bool map_has(uintptr_t a) {
  uintptr_t cn = a >> CHUNK_SHIFT;
  const uint64_t *leaf = G.map[cn >> LEAF_SHIFT];
  return leaf && (leaf[(cn >> 6) & (LEAF_WORDS - 1)] >> (cn & 63) & 1);
}

static void map_set(chunk *c, bool on) {
  uintptr_t cn = (uintptr_t)c >> CHUNK_SHIFT;
  uint64_t **leaf = &G.map[cn >> LEAF_SHIFT];
  if (!*leaf) *leaf = meta_grow(NULL, 0, LEAF_WORDS * 8);
  uint64_t bit = (uint64_t)1 << (cn & 63), *w = &(*leaf)[(cn >> 6) & (LEAF_WORDS - 1)];
  *w = on ? *w | bit : *w & ~bit;
}

/* ---- free chunks ------------------------------------------------------- */

/* Each pool can hold every chunk of every arena. */
static void pool_reserve(void) {
  size_t need = G.arena_total / CHUNK_SIZE, cap = G.pool_cap ? G.pool_cap : 1024;
  while (cap < need) cap *= 2;
  if (cap == G.pool_cap) return;
  G.dirty = meta_grow(G.dirty, G.pool_cap * sizeof(chunk *), cap * sizeof(chunk *));
  G.clean = meta_grow(G.clean, G.pool_cap * sizeof(chunk *), cap * sizeof(chunk *));
  G.pool_cap = cap;
}

/* A new arena, aligned to CHUNK_SIZE; false if the OS refuses. */
static bool arena_grow(void) {
  size_t size = G.arena_total < ARENA_MIN ? ARENA_MIN : G.arena_total > ARENA_MAX ? ARENA_MAX : G.arena_total;
  /* Aligned to a huge page and marked for them: a heap of small objects
   * then takes one page fault per 2 MiB instead of one per 4 KiB (page
   * faults were a quarter of an allocation-heavy program's time). */
  uintptr_t a = (uintptr_t)os_map(size + HUGE_PAGE, false);
  if (!a) return false;
  uintptr_t b = (a + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1), end = a + size + HUGE_PAGE;
  if (b > a) munmap((void *)a, b - a);
  if (end > b + size) munmap((void *)(b + size), end - (b + size));
  madvise((void *)b, size, MADV_HUGEPAGE);
  if ((b + size) >> ADDR_BITS) fatal("heap address above 2^48");
  G.arena_cur = b;
  G.arena_end = b + size;
  G.arena_total += size;
  if (G.arena_lo == G.arena_hi || b < G.arena_lo) G.arena_lo = b;
  if (b + size > G.arena_hi) G.arena_hi = b + size;
  widen(b, b + size);
  pool_reserve();
  return true;
}

/* A zeroed chunk, not yet in any kind; NULL if the OS refuses. */
static chunk *take_chunk(void) {
  chunk *c;
  if (G.ndirty) {
    c = G.dirty[--G.ndirty];
    memset(c, 0, CHUNK_SIZE);
    return c;
  }
  if (G.nclean) {
    c = G.clean[--G.nclean];
  } else {
    if (G.arena_cur == G.arena_end && !arena_grow()) return NULL;
    c = (chunk *)G.arena_cur;
    G.arena_cur += CHUNK_SIZE;
  }
  G.chunk_bytes += CHUNK_SIZE;
  note_heap();
  return c;
}

/* Give back free chunks beyond what the next cycle will allocate: the
 * trigger's worth plus a partly used chunk for each kind in use (keeping
 * fewer makes a program that allocates many sizes fault pages in and out
 * every cycle). */
static void release_pool(unsigned kinds_in_use) {
  size_t keep = G.trigger / CHUNK_SIZE + kinds_in_use;
  if (keep < MIN_POOL / CHUNK_SIZE) keep = MIN_POOL / CHUNK_SIZE; /* madvise + refaults cost more than 8 MiB */
  if (G.ndirty <= keep) return;
  size_t r = G.ndirty - keep; /* the oldest ones: the bottom of the stack */
  for (size_t i = 0; i < r; i++) {
    madvise(G.dirty[i], CHUNK_SIZE, MADV_DONTNEED);
    G.clean[G.nclean++] = G.dirty[i];
  }
  memmove(G.dirty, G.dirty + r, keep * sizeof(chunk *));
  G.ndirty = keep;
  G.chunk_bytes -= r * CHUNK_SIZE;
}

/* ---- small objects ---------------------------------------------------- */

static chunk *new_chunk(unsigned k) {
  chunk *c = take_chunk();
  if (!c && !G.collecting) {
    collect();
    c = take_chunk();
  }
  if (!c) out_of_memory();
  uint32_t size = CLASS_SIZE[k % NCLASS];
  c->size = size;
  c->recip = (uint32_t)(((uint64_t)1 << 32) / size + 1);
  c->nslots = (uint32_t)((CHUNK_SIZE - CHUNK_HDR) / size);
  c->bump = 0;
  c->kind = k;
  c->atomic = k >= NCLASS;
  kind *K = &G.kinds[k];
  c->next = K->chunks;
  K->chunks = c;
  K->cur = c;
  map_set(c, true);
  return c;
}

/* Link up to CARVE_BYTES of never-used slots; returns the first. */
static uintptr_t carve(chunk *c) {
  uint32_t n = c->nslots - c->bump, batch = CARVE_BYTES / c->size;
  if (batch == 0) batch = 1;
  if (n > batch) n = batch;
  uintptr_t first = (uintptr_t)c + CHUNK_HDR + (uintptr_t)c->bump * c->size, p = first;
  for (uint32_t i = 1; i < n; i++, p += c->size) *(word *)p = ~(p + c->size);
  *(word *)p = ~(uintptr_t)0;
  c->bump += n;
  G.since += (size_t)n * c->size;
  return first;
}

/* First slot >= i (below n) whose mark bit equals `set`, else n. */
static inline uint32_t next_bit(const uint64_t *m, uint32_t i, uint32_t n, bool set) {
  while (i < n) {
    uint64_t w = (set ? m[i >> 6] : ~m[i >> 6]) >> (i & 63);
    if (w) {
      i += (uint32_t)__builtin_ctzll(w);
      return i < n ? i : n;
    }
    i = (i | 63) + 1;
  }
  return n;
}

/* Lazy sweep: zero and link the unmarked slots below bump; returns the
 * first, or 0 if every slot is live. */
static uintptr_t sweep(chunk *c) {
  const uintptr_t base = (uintptr_t)c + CHUNK_HDR, size = c->size;
  const uint32_t n = c->bump;
  uintptr_t first = 0;
  word *tail = NULL;
  size_t nfree = 0;
  for (uint32_t i = next_bit(c->marks, 0, n, false); i < n; i = next_bit(c->marks, i, n, false)) {
    uint32_t j = next_bit(c->marks, i, n, true);
    uintptr_t p = base + i * size;
    memset((void *)p, 0, (j - i) * size);
    for (uint32_t s = i; s < j; s++, p += size) {
      if (tail) *tail = ~p;
      else first = p;
      tail = (word *)p;
    }
    nfree += j - i;
    i = j;
  }
  if (tail) *tail = ~(uintptr_t)0;
  G.since += nfree * size;
  return first;
}

static void setup(void);

/* The slow path: refill the free list of kind k and pop from it. */
static __attribute__((noinline)) void *alloc_small_slow(size_t size, bool atomic) {
  if (!G.inited) setup();
  unsigned k = G.class_of[(size + GRANULE - 1) / GRANULE] + (atomic ? NCLASS : 0);
  kind *K = &G.kinds[k];
  uintptr_t p = G.free[k];
  while (!p) {
    chunk *c = K->cur;
    if (c && c->bump < c->nslots) {
      p = carve(c);
    } else if (K->unswept) {
      c = K->unswept;
      K->unswept = c->next;
      K->cur = c; /* its bump region (if any) comes next */
      p = sweep(c);
    } else if (G.since >= G.trigger && !G.collecting) {
      collect();
    } else {
      new_chunk(k);
    }
  }
  G.free[k] = ~*(word *)p;
  *(word *)p = 0;
  return (void *)p;
}

void *apc_gc_alloc(size_t size);
void *apc_gc_alloc_atomic(size_t size);
static void *alloc_large(size_t size, bool atomic);

void *apc_gc_alloc(size_t size) {
  if (__builtin_expect(size <= SMALL_MAX, 1)) {
    unsigned k = G.class_of[(size + GRANULE - 1) / GRANULE];
    uintptr_t p = G.free[k];
    if (__builtin_expect(p != 0, 1)) {
      G.free[k] = ~*(word *)p;
      *(word *)p = 0;
      return (void *)p;
    }
    return alloc_small_slow(size, false);
  }
  return alloc_large(size, false);
}

void *apc_gc_alloc_atomic(size_t size) {
  if (__builtin_expect(size <= SMALL_MAX, 1)) {
    unsigned k = G.class_of[(size + GRANULE - 1) / GRANULE] + NCLASS;
    uintptr_t p = G.free[k];
    if (__builtin_expect(p != 0, 1)) {
      G.free[k] = ~*(word *)p;
      *(word *)p = 0;
      return (void *)p;
    }
    return alloc_small_slow(size, true);
  }
  return alloc_large(size, true);
}

/* ---- large objects ---------------------------------------------------- */

static int large_cmp(const void *x, const void *y) {
  uintptr_t a = ((const large *)x)->base, b = ((const large *)y)->base;
  return a < b ? -1 : a > b;
}

/* Sort the unsorted tail into the sorted prefix (a backward merge).
 * noinline: its buffer must not sit, stale, in collect's frame, which is
 * scanned as part of the stack. */
static __attribute__((noinline)) void large_merge(void) {
  size_t m = G.nsorted, k = G.nlarge - m, o = G.nlarge;
  if (k == 0) return;
  large tail[LARGE_PENDING];
  memcpy(tail, G.large + m, k * sizeof(large));
  qsort(tail, k, sizeof(large), large_cmp);
  while (k) {
    if (m && G.large[m - 1].base > tail[k - 1].base) G.large[--o] = G.large[--m];
    else G.large[--o] = tail[--k];
  }
  G.nsorted = G.nlarge;
}

static void large_insert(uintptr_t base, size_t size, bool atomic) {
  if (G.nlarge == G.large_cap) {
    size_t cap = G.large_cap ? 2 * G.large_cap : 1024;
    G.large = meta_grow(G.large, G.large_cap * sizeof(large), cap * sizeof(large));
    G.large_cap = cap;
  }
  G.large[G.nlarge++] = (large){base, size | (atomic ? L_ATOMIC : 0)};
  if (G.large_lo == G.large_hi || base < G.large_lo) G.large_lo = base;
  if (base + size > G.large_hi) G.large_hi = base + size;
  widen(base, base + size);
  G.large_bytes += size;
  note_heap();
  if (G.nlarge - G.nsorted >= LARGE_PENDING) large_merge();
}

/* Index of the large object starting exactly at a, or -1. */
static ptrdiff_t large_find(uintptr_t a) {
  size_t lo = 0, hi = G.nsorted;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (G.large[mid].base < a) lo = mid + 1;
    else hi = mid;
  }
  if (lo < G.nsorted && G.large[lo].base == a) return (ptrdiff_t)lo;
  for (size_t i = G.nsorted; i < G.nlarge; i++)
    if (G.large[i].base == a) return (ptrdiff_t)i;
  return -1;
}

static void large_remove(size_t i) {
  memmove(G.large + i, G.large + i + 1, (G.nlarge - i - 1) * sizeof(large));
  G.nlarge--;
  if (i < G.nsorted) G.nsorted--;
}

static size_t page_round(size_t n) {
  if (n > SIZE_MAX - G.page) out_of_memory();
  return (n + G.page - 1) & ~(G.page - 1);
}

/* Count `size` more bytes as allocated, collecting first if it is time. */
static void charge(size_t size) {
  if (G.since + size > G.trigger && !G.collecting) collect();
  G.since += size;
}

static void *alloc_large(size_t n, bool atomic) {
  if (!G.inited) setup();
  size_t size = page_round(n);
  charge(size);
  size_t pages = size / G.page;
  if (pages <= CACHE_PAGES && G.cache[pages]) { /* mmap + faults + munmap cost ~4 us */
    uintptr_t base = G.cache[pages];
    G.cache[pages] = *(word *)base;
    G.cache_bytes -= size;
    memset((void *)base, 0, size);
    large_insert(base, size, atomic);
    return (void *)base;
  }
  void *p = os_map(size, true);
  if (!p && !G.collecting) {
    collect();
    p = os_map(size, true);
  }
  if (!p) out_of_memory();
  huge_hint(p, size);
  large_insert((uintptr_t)p, size, atomic);
  return p;
}

/* ---- marking ---------------------------------------------------------- */

static __attribute__((noinline)) void grow_mark_stack(void) {
  size_t cap = 2 * G.mcap;
  G.mstack = meta_grow(G.mstack, G.mcap * sizeof(range), cap * sizeof(range));
  G.mcap = cap;
}

static inline void push(uintptr_t start, uintptr_t end) {
  if (__builtin_expect(G.msp == G.mcap, 0)) grow_mark_stack();
  G.mstack[G.msp++] = (range){start, end};
}

static inline void mark_small(uintptr_t a) {
  chunk *c = (chunk *)(a & ~CHUNK_MASK);
  uintptr_t off = a - ((uintptr_t)c + CHUNK_HDR); /* wraps for the header */
  if (off >= CHUNK_SIZE) return;
  uint32_t i = (uint32_t)((off * c->recip) >> 32);
  if (i >= c->bump) return; /* past the slots ever handed out */
  uint64_t bit = (uint64_t)1 << (i & 63), *w = &c->marks[i >> 6];
  if (*w & bit) return;
  *w |= bit;
  if (!c->atomic) {
    uintptr_t o = (uintptr_t)c + CHUNK_HDR + (uintptr_t)i * c->size;
    __builtin_prefetch((const void *)o);
    push(o, o + c->size);
  }
}

static void mark_large(uintptr_t a) {
  size_t lo = 0, hi = G.nlarge; /* sorted while marking */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (G.large[mid].base <= a) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return;
  large *e = &G.large[lo - 1];
  uintptr_t size = e->bits & ~L_FLAGS;
  if (a - e->base >= size || (e->bits & L_MARK)) return;
  e->bits |= L_MARK;
  if (!(e->bits & L_ATOMIC)) push(e->base, e->base + size);
}

/* Scan every pending range until the mark stack is empty. */
static void drain(void) {
  const uintptr_t lo = G.lo, span = G.hi - G.lo;
  const uintptr_t llo = G.large_lo, lspan = G.large_hi - G.large_lo;
  while (G.msp) {
    range r = G.mstack[--G.msp];
    if (r.end - r.start > SCAN_SLICE) {
      G.mstack[G.msp++] = (range){r.start + SCAN_SLICE, r.end};
      r.end = r.start + SCAN_SLICE;
    }
    for (const word *p = (const word *)r.start, *e = (const word *)r.end; p < e; p++) {
      uintptr_t a = *p;
      if (a - lo >= span) continue;
      if (map_has(a)) mark_small(a);
      else if (a - llo < lspan) mark_large(a);
    }
  }
}

/* Push [start, end) word-aligned, minus the collector's own state G. */
static void push_root(uintptr_t start, uintptr_t end) {
  start = (start + 7) & ~(uintptr_t)7;
  end &= ~(uintptr_t)7;
  uintptr_t gs = (uintptr_t)&G, ge = gs + sizeof G;
  if (start < ge && gs < end) {
    if (start < gs) push(start, gs);
    if (ge < end) push(ge, end);
  } else if (start < end) {
    push(start, end);
  }
}

/* dl_iterate_phdr callback: the writable segments of one loaded object
 * (data, bss, GOT, and the module globals the compiler emits). */
static int push_segments(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  if (G.embedded && info->dlpi_addr != G.self_base) return 0; /* only our own library's data */
  for (size_t i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W)) continue;
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    push_root(start, start + ph->p_memsz);
  }
  return 0;
}

static __attribute__((noinline)) void mark_from(uintptr_t sp) {
  if (sp < G.stack_base) push_root(sp, G.stack_base);
  if (G.npins) push((uintptr_t)G.pins, (uintptr_t)(G.pins + G.npins));
  dl_iterate_phdr(push_segments, NULL);
  drain();
}

/* Spill the callee-saved registers into this frame, then scan from it. */
static __attribute__((noinline)) void mark_roots(void) {
  jmp_buf regs;
  memset(&regs, 0, sizeof regs); /* setjmp leaves the signal mask part stale */
  __builtin_unwind_init();
  (void)setjmp(regs);
  mark_from((uintptr_t)&regs);
  __asm__ volatile("" : : "r"(&regs) : "memory"); /* no tail call: keep the frame */
}

/* ---- collection --------------------------------------------------------- */

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* After marking: empty chunks to the dirty pool, the rest queued for lazy
 * sweeping. Returns the live bytes in small objects. */
static size_t finish_small(unsigned *kinds_in_use) {
  size_t live = 0;
  *kinds_in_use = 0;
  for (unsigned k = 0; k < NKINDS; k++) {
    kind *K = &G.kinds[k];
    *kinds_in_use += K->chunks != NULL;
    chunk **pp = &K->chunks, *c;
    while ((c = *pp)) {
      size_t n = 0;
      for (uint32_t w = 0; w < (c->bump + 63) / 64; w++) n += (size_t)__builtin_popcountll(c->marks[w]);
      if (n) {
        live += n * c->size;
        pp = &c->next;
      } else {
        *pp = c->next;
        map_set(c, false);
        G.dirty[G.ndirty++] = c;
      }
    }
    K->unswept = K->chunks;
  }
  return live;
}

/* Clear the marks of live large objects. Dead ones are munmapped, except
 * that small ones are kept for reuse up to a cycle's allocation (the
 * trigger); whatever the last cycle did not reuse is munmapped now. */
static size_t finish_large(void) {
  for (size_t p = 1; p <= CACHE_PAGES; p++) {
    for (uintptr_t b = G.cache[p], next; b; b = next) {
      next = *(word *)b;
      munmap((void *)b, p * G.page);
    }
    G.cache[p] = 0;
  }
  G.cache_bytes = 0;
  size_t live = 0, j = 0;
  for (size_t i = 0; i < G.nlarge; i++) {
    large e = G.large[i];
    uintptr_t size = e.bits & ~L_FLAGS;
    if (e.bits & L_MARK) {
      e.bits &= ~L_MARK;
      G.large[j++] = e;
      live += size;
    } else if (size / G.page <= CACHE_PAGES && G.cache_bytes + size <= G.trigger) {
      *(word *)e.base = G.cache[size / G.page];
      G.cache[size / G.page] = e.base;
      G.cache_bytes += size;
      G.large_bytes -= size;
    } else {
      munmap((void *)e.base, size);
      G.large_bytes -= size;
    }
  }
  G.nlarge = G.nsorted = j;
  G.large_lo = j ? G.large[0].base : 0;
  G.large_hi = j ? G.large[j - 1].base + (G.large[j - 1].bits & ~L_FLAGS) : 0;
  return live;
}

/* Zero the stack just below the caller's frame, where collect_now's frames
 * (scanned as part of the stack: they hold the caller's callee-saved
 * registers) will go. Left as they are, their unused slots hold stale
 * pointers from earlier allocator calls and keep a few dead objects alive. */
static __attribute__((noinline)) void clear_stack_below(void) {
  char dead[1024];
  memset(dead, 0, sizeof dead);
  __asm__ volatile("" : : "r"(dead) : "memory");
}

static __attribute__((noinline)) void collect_now(void) {
  if (!G.stack_base) fatal("apc_gc_init was not called (and the libc has no __libc_stack_end)");
  uint64_t t0 = now_ns();
  G.collecting = true;
  for (unsigned k = 0; k < NKINDS; k++) {
    G.free[k] = 0; /* unswept chunks will hand these slots out again */
    kind *K = &G.kinds[k];
    K->cur = K->unswept = NULL;
    for (chunk *c = K->chunks; c; c = c->next) memset(c->marks, 0, (c->bump + 63) / 64 * 8);
  }
  large_merge();
  mark_roots();
  unsigned kinds_in_use;
  G.live = finish_small(&kinds_in_use) + finish_large();
  G.lo = G.hi = 0;
  if (G.arena_lo != G.arena_hi) widen(G.arena_lo, G.arena_hi);
  if (G.nlarge) widen(G.large_lo, G.large_hi);
  G.since = 0;
  G.trigger = G.live / 2 > MIN_TRIGGER ? G.live / 2 : MIN_TRIGGER;
  release_pool(kinds_in_use);
  G.collecting = false;
  uint64_t dt = now_ns() - t0;
  G.ncollect++;
  G.pause_ns += dt;
  if (dt > G.max_pause_ns) G.max_pause_ns = dt;
  if (G.stats > 1)
    fprintf(stderr, "apc gc: collection %zu: %.3f ms, live %.2f MiB, heap %.2f MiB\n", G.ncollect, dt / 1e6,
            G.live / 1048576.0, apc_gc_heap_bytes() / 1048576.0);
}

static void collect(void) {
  clear_stack_below();
  collect_now();
}

/* ---- lifecycle and the rest of the API ------------------------------- */

extern void *__libc_stack_end __attribute__((weak)); /* glibc: the stack top at exec */

static void print_stats(void) {
  fprintf(stderr,
          "apc gc: %zu collections, pause %.3f ms total (max %.3f ms), peak heap %.2f MiB, "
          "heap %.2f MiB, live %.2f MiB\n",
          G.ncollect, G.pause_ns / 1e6, G.max_pause_ns / 1e6, G.peak_heap / 1048576.0,
          apc_gc_heap_bytes() / 1048576.0, G.live / 1048576.0);
}

static void setup(void) {
  G.inited = true;
  long page = sysconf(_SC_PAGESIZE);
  G.page = page > 0 ? (size_t)page : 4096;
  for (unsigned g = 0, c = 0; g <= SMALL_MAX / GRANULE; g++) {
    while (CLASS_SIZE[c] < (g ? g : 1) * GRANULE) c++;
    G.class_of[g] = (uint8_t)c;
  }
  G.map = meta_grow(NULL, 0, MAP_TOP * sizeof(uint64_t *));
  G.mcap = 1 << 16;
  G.mstack = meta_grow(NULL, 0, G.mcap * sizeof(range));
  G.trigger = MIN_TRIGGER;
  if (&__libc_stack_end) G.stack_base = (uintptr_t)__libc_stack_end; /* apc_gc_init may lower it */
  const char *s = getenv("APC_GC_STATS");
  if (s && *s && strcmp(s, "0") != 0) {
    G.stats = atoi(s) > 1 ? 2 : 1;
    atexit(print_stats);
  }
}

void apc_gc_init(void *stack_base) {
  if (!G.inited) setup();
  uintptr_t b = (uintptr_t)stack_base;
  /* Keep glibc's stack top (it covers all of main's frame) when the given
   * base is a little below it, on the same stack. */
  bool libc_above = &__libc_stack_end && b <= G.stack_base && G.stack_base - b < ((uintptr_t)1 << 30);
  if (b && !libc_above) G.stack_base = b;
}

/* ---- embedded in a host (a CPython extension) -------------------------- */

void apc_gc_embed(void) {
  if (!G.inited) setup();
  Dl_info info;
  if (!dladdr((void *)&apc_gc_embed, &info)) fatal("dladdr failed on the collector itself");
  G.embedded = true;
  G.self_base = (uintptr_t)info.dli_fbase;
  G.stack_base = 0;
}

void *apc_gc_enter(void *frame) {
  uintptr_t prev = G.stack_base;
  if (!prev) G.stack_base = (uintptr_t)frame;
  return (void *)prev;
}

void apc_gc_leave(void *prev) { G.stack_base = (uintptr_t)prev; }

void apc_gc_pin(const void *p) {
  if (G.npins == G.pin_cap) {
    size_t cap = G.pin_cap ? 2 * G.pin_cap : 512;
    G.pins = meta_grow(G.pins, G.pin_cap * sizeof *G.pins, cap * sizeof *G.pins);
    G.pin_cap = cap;
  }
  G.pins[G.npins++] = (uintptr_t)p;
}

void apc_gc_unpin(const void *p) {
  /* From the end: the newest pins (temporaries of a loop) go first. */
  for (size_t i = G.npins; i-- > 0;) {
    if (G.pins[i] == (uintptr_t)p) {
      G.pins[i] = G.pins[--G.npins];
      G.pins[G.npins] = 0;
      return;
    }
  }
}

void apc_gc_collect(void) {
  if (!G.inited) setup();
  collect();
}

size_t apc_gc_live_bytes(void) { return G.live; }

size_t apc_gc_heap_bytes(void) { return G.chunk_bytes + G.large_bytes + G.cache_bytes; }

static void *alloc_kind(size_t size, bool atomic) {
  return atomic ? apc_gc_alloc_atomic(size) : apc_gc_alloc(size);
}

void *apc_gc_realloc(void *p, size_t n) {
  if (!p) return apc_gc_alloc(n);
  uintptr_t a = (uintptr_t)p;
  if (a - G.lo < G.hi - G.lo && map_has(a)) {
    chunk *c = (chunk *)(a & ~CHUNK_MASK);
    uintptr_t off = a - ((uintptr_t)c + CHUNK_HDR);
    if (off >= CHUNK_SIZE || off % c->size) fatal("apc_gc_realloc of a pointer inside an object");
    size_t old = c->size;
    bool atomic = c->atomic;
    if (n <= SMALL_MAX && CLASS_SIZE[G.class_of[(n + GRANULE - 1) / GRANULE]] == old) {
      if (n < old) memset((char *)p + n, 0, old - n);
      return p;
    }
    void *q = alloc_kind(n, atomic);
    memcpy(q, p, n < old ? n : old);
    memset(p, 0, old); /* back on the free list at once */
    *(word *)p = ~G.free[c->kind];
    G.free[c->kind] = a;
    return q;
  }
  ptrdiff_t i = a - G.lo < G.hi - G.lo ? large_find(a) : -1;
  if (i < 0) fatal("apc_gc_realloc of a pointer the collector did not allocate");
  size_t old = G.large[i].bits & ~L_FLAGS;
  bool atomic = G.large[i].bits & L_ATOMIC;
  if (n <= SMALL_MAX) {
    void *q = alloc_kind(n, atomic);
    memcpy(q, p, n);
    i = large_find(a); /* a collection may have moved the entry */
    large_remove((size_t)i);
    munmap(p, old);
    G.large_bytes -= old;
    return q;
  }
  size_t size = page_round(n);
  if (size <= old) {
    memset((char *)p + n, 0, size - n);
    if (size < old) {
      munmap((char *)p + size, old - size);
      G.large[i].bits -= old - size;
      G.large_bytes -= old - size;
    }
    return p;
  }
  if (size <= COPY_REALLOC_MAX) {
    /* Copying a few hundred KiB is cheaper than mremap, which flushes the
     * TLB of every CPU (very slow on a VM); the old object dies as garbage. */
    void *q = alloc_large(n, atomic); /* p stays reachable meanwhile: it is our argument */
    memcpy(q, p, old);
    return q;
  }
  charge(size - old); /* p stays reachable: it is our argument */
  void *q = mremap(p, old, size, MREMAP_MAYMOVE);
  if (q == MAP_FAILED && !G.collecting) {
    collect();
    q = mremap(p, old, size, MREMAP_MAYMOVE);
  }
  if (q == MAP_FAILED) out_of_memory();
  huge_hint(q, size);
  i = large_find(a);
  large_remove((size_t)i);
  G.large_bytes -= old;
  large_insert((uintptr_t)q, size, atomic);
  return q;
}
