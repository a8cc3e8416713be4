/* gc.h: the garbage collector's public API (implemented in runtime/gc.c).
 *
 * Every heap object of a compiled program (list, tuple, str, dict, set and
 * their item arrays) comes from here. Generated code only calls the
 * allocation functions: the collector finds roots by itself (the stack and
 * every writable segment of every loaded object), so nothing is registered
 * and no write barrier is emitted.
 *
 * Rules for the code that uses it (runtime C or compiler-emitted IR):
 * - Keep pointers to GC objects visible: on the stack, in registers, in
 *   globals or static data, or inside other objects from apc_gc_alloc.
 *   Pointers stored only in malloc'ed memory, in atomic objects, or in a
 *   disguised form (xor-ed, tagged in the high bits) do not keep anything
 *   alive. Any pointer into an object (not just to its start) keeps it
 *   alive; a pointer one past the end does not.
 * - Single-threaded: only the thread whose stack was given to apc_gc_init
 *   may allocate.
 * - Memory is always zeroed. Bytes past the requested size (up to the
 *   slot's size) must stay zero: apc_gc_realloc relies on it to grow in
 *   place.
 */
#ifndef APC_GC_H
#define APC_GC_H

#include <stddef.h>

/* Called once, early, with the highest stack address worth scanning (the
 * address of a local in main, or __libc_stack_end; glibc's
 * __libc_stack_end is preferred when it is above the given address). The
 * first allocation initializes the collector if nobody called this. */
void apc_gc_init(void *stack_base);

/* Zeroed memory that may hold pointers: scanned conservatively. size 0 gives
 * a unique 16-byte object. Alignment: 16 bytes (page-aligned above 2 KiB). */
void *apc_gc_alloc(size_t size);

/* Zeroed memory holding no pointers (float/int arrays, string bytes): never
 * scanned, so it keeps nothing alive. */
void *apc_gc_alloc_atomic(size_t size);

/* Grow or shrink p keeping min(old, new) bytes and the atomic flag; bytes
 * past the old size are zero. p may be NULL (then: apc_gc_alloc). p must be
 * the start of an object; the old object must not be used afterwards (it
 * may be reused at once). */
void *apc_gc_realloc(void *p, size_t new_size);

/* A full collection now. */
void apc_gc_collect(void);

/* Bytes in objects found live by the last collection (0 before any). */
size_t apc_gc_live_bytes(void);

/* Bytes the heap holds from the OS now: small-object chunks in use or kept
 * for reuse, plus large-object mappings. Chunks given back with
 * madvise(MADV_DONTNEED) are not counted (they hold no memory). */
size_t apc_gc_heap_bytes(void);

/* ---- embedded in a host program (a CPython extension, hybrid mode) ----
 * apc_gc_embed: scan only the writable segments of the library holding the
 * collector (not the host's), and no stack until apc_gc_enter. Each call
 * from the host into native code brackets itself with
 *   void *prev = apc_gc_enter(__builtin_frame_address(0)); ... apc_gc_leave(prev);
 * (the outermost frame becomes the stack base). Objects the host keeps
 * between calls (behind a proxy object) are pinned: pin once per holder,
 * unpin when the holder goes. */
void apc_gc_embed(void);
void *apc_gc_enter(void *frame);
void apc_gc_leave(void *prev);
void apc_gc_pin(const void *p);
void apc_gc_unpin(const void *p);

/* Called when the OS refuses memory even after a collection. The default
 * (a weak definition) prints "MemoryError" to stderr and exits with status
 * 1; the runtime may define its own (it must not return). */
void apc_gc_out_of_memory(void);

#endif
