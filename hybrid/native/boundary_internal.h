/* boundary_internal.h: what the parts of the hybrid boundary share.
 * boundary_convert.c: native exceptions, Python <-> native conversion and
 * write-back; native_list.c: the NativeList view; apc_boundary.c:
 * NativeFunction and the module. */
#ifndef APC_BOUNDARY_INTERNAL_H
#define APC_BOUNDARY_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>

#include "apc_boundary.h"

#define INT_TOO_LARGE "int too large for apc's 64-bit int"

/* ---- native exceptions (boundary_convert.c) ---- */
typedef struct {
  jmp_buf jb;
  char type[64];
  char *msg;
  size_t len;
} raise_ctx;

/* The runtime's raise hook: longjmps to the innermost guarded call. */
void apcb_on_raise(const char *type, const char *msg, size_t len, const apc_site *site);
/* Runs fn(arg) catching a native raise into *c; false when it raised. */
bool apcb_guarded(void (*fn)(void *), void *arg, raise_ctx *c);
/* The same between apc_gc_enter/leave, setting the Python error on a raise. */
bool apcb_run_guarded(void (*fn)(void *), void *arg);
bool apcb_is_int_too_large(const raise_ctx *c);
/* Sets the Python exception named c->type (a builtin) with c's message. */
void apcb_set_python_error(raise_ctx *c);

/* ---- conversions (boundary_convert.c) ---- */
typedef struct {
  const void **keys;
  void **vals;
  size_t n, cap;
} ptrmap;

/* One call's conversions: Python container -> its native copy (so an
 * object passed twice stays one object) and back (for write-back). */
typedef struct {
  ptrmap to_native, to_python;
  bool used_proxy; /* a NativeList was passed: native state may change in place */
} conv_ctx;

void *apcb_map_get(const ptrmap *m, const void *k);
void apcb_ctx_free(conv_ctx *c);
bool apcb_types_equal(const apc_type *a, const apc_type *b);
const char *apcb_type_name(const apc_type *t);
/* 1: converted; 0: the value does not have the type (guard: fall back, no
 * Python error set); -1: a Python error is set. */
int apcb_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c);
/* A new reference; lists become NativeList views when `views` is set. */
PyObject *apcb_to_python(apc_slot v, const apc_type *t, bool views);
/* Makes the caller's container show what native code did to its copy. */
int apcb_write_back(PyObject *py, apc_slot native, const apc_type *t, conv_ctx *c, int depth);

/* ---- NativeList (native_list.c) ---- */
typedef struct {
  PyObject_HEAD apc_list *list;
  const apc_type *type; /* list[elem] */
} NativeList;

extern PyTypeObject apcb_NativeListType, apcb_NativeListIterType;
PyObject *apcb_native_list_new(apc_list *l, const apc_type *t);

#endif
