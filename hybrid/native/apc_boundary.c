/* apc_boundary.c: calling apc-compiled functions from CPython (hybrid mode).
 *
 * Owns: the `apc._apc_native` module object; `NativeFunction`, the callable
 * that replaces a decorated function (guard, argument conversion, the native
 * call, write-back, result conversion, exception mapping, fallback to the
 * original Python function); `NativeList`, the Python view of a native list
 * that compiled code returned (so a grid that goes back and forth between
 * Python and native code is never converted element by element).
 *
 * Rules it keeps (hybrid/README.md says where they can still differ from
 * CPython):
 * - Guard: every argument must have exactly the compiled type (int within 64
 *   bits, float, bool, str, None, and exact list/tuple/dict/set of those);
 *   otherwise the original Python function runs. Keyword arguments and
 *   defaults are bound as Python binds them.
 * - A real list/dict/set argument is converted to a native copy; if the
 *   compiled code may mutate that parameter (apcb_entry.mutates), the copy
 *   is written back into the caller's object after the call, also when the
 *   call raised. A NativeList argument is passed as the native list itself.
 * - A native exception becomes the Python exception of the same name and
 *   message (KeyError carries the key). An int that outgrows 64 bits makes
 *   the call start over in Python, which has big ints, unless a NativeList
 *   argument may already have been changed (then OverflowError).
 * - The collector (runtime/gc.c) runs embedded: it scans this library's data
 *   and the native frames of the current call; NativeList objects pin what
 *   they show.
 */
#include "apc_boundary.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gc.h"

#define INT_TOO_LARGE "int too large for apc's 64-bit int"

static PyTypeObject NativeListType, NativeListIterType, NativeFunctionType;

/* ---- native exceptions ------------------------------------------------- */

typedef struct {
  jmp_buf jb;
  char type[64];
  char *msg;
  size_t len;
} raise_ctx;

static raise_ctx *current_raise;

static void on_raise(const char *type, const char *msg, size_t len, const apc_site *site) {
  (void)site;
  raise_ctx *c = current_raise;
  if (!c) {
    fprintf(stderr, "apc: native %s raised outside a guarded call: %.*s\n", type, (int)len, msg);
    abort();
  }
  snprintf(c->type, sizeof c->type, "%s", type);
  c->msg = malloc(len + 1);
  if (c->msg) {
    memcpy(c->msg, msg, len);
    c->msg[len] = '\0';
    c->len = len;
  }
  longjmp(c->jb, 1);
}

/* Runs fn(arg) catching a native raise into *c; false when it raised. Not
 * inlined, so no local of a caller lives across the longjmp. */
static __attribute__((noinline)) bool guarded(void (*fn)(void *), void *arg, raise_ctx *c) {
  raise_ctx *outer = current_raise;
  c->msg = NULL;
  c->len = 0;
  current_raise = c;
  if (setjmp(c->jb)) {
    current_raise = outer;
    return false;
  }
  fn(arg);
  current_raise = outer;
  return true;
}

static bool is_int_too_large(const raise_ctx *c) {
  return strcmp(c->type, "OverflowError") == 0 && c->msg && strncmp(c->msg, INT_TOO_LARGE, strlen(INT_TOO_LARGE)) == 0;
}

/* Sets the Python exception named c->type (a builtin) with c's message. */
static void set_python_error(raise_ctx *c) {
  PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
  PyObject *type = builtins ? PyDict_GetItemString(builtins, c->type) : NULL;
  if (!type || !PyExceptionClass_Check(type)) type = PyExc_RuntimeError;
  const char *msg = c->msg ? c->msg : "";
  if (type == PyExc_KeyError && c->len) {
    /* The runtime's message is repr(key): give Python the key itself. */
    PyObject *ast = PyImport_ImportModule("ast");
    PyObject *key = ast ? PyObject_CallMethod(ast, "literal_eval", "s", msg) : NULL;
    Py_XDECREF(ast);
    if (key) {
      PyErr_SetObject(type, key);
      Py_DECREF(key);
    } else {
      PyErr_Clear();
      PyErr_SetString(type, msg);
    }
  } else if (c->len) {
    PyErr_SetString(type, msg);
  } else {
    PyErr_SetNone(type);
  }
  free(c->msg);
  c->msg = NULL;
}

/* ---- pointer maps (aliasing and write-back) ---------------------------- */

typedef struct {
  const void **keys;
  void **vals;
  size_t n, cap;
} ptrmap;

static size_t ptr_hash(const void *p, size_t cap) { return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull) & (cap - 1); }

static void *map_get(const ptrmap *m, const void *k) {
  if (!m->cap) return NULL;
  for (size_t i = ptr_hash(k, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == k) return m->vals[i];
    if (!m->keys[i]) return NULL;
  }
}

static bool map_put(ptrmap *m, const void *k, void *v) {
  if (2 * (m->n + 1) > m->cap) {
    ptrmap g = {0};
    g.cap = m->cap ? 2 * m->cap : 64;
    g.keys = calloc(g.cap, sizeof *g.keys);
    g.vals = calloc(g.cap, sizeof *g.vals);
    if (!g.keys || !g.vals) {
      free(g.keys);
      free(g.vals);
      PyErr_NoMemory();
      return false;
    }
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) map_put(&g, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = g;
  }
  size_t i = ptr_hash(k, m->cap);
  while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
  if (!m->keys[i]) m->n++;
  m->keys[i] = k;
  m->vals[i] = v;
  return true;
}

static void map_free(ptrmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* One call's conversions: Python container -> its native copy (so an
 * object passed twice stays one object) and back (for write-back). */
typedef struct {
  ptrmap to_native, to_python;
  bool used_proxy; /* a NativeList was passed: native state may change in place */
} conv_ctx;

static void ctx_free(conv_ctx *c) {
  map_free(&c->to_native);
  map_free(&c->to_python);
}

/* ---- NativeList ------------------------------------------------------- */

typedef struct {
  PyObject_HEAD apc_list *list;
  const apc_type *type; /* list[elem] */
} NativeList;

static bool types_equal(const apc_type *a, const apc_type *b) {
  if (a == b) return true;
  if (a->kind != b->kind || a->n != b->n) return false;
  for (int32_t i = 0; i < a->n; i++)
    if (!types_equal(a->args[i], b->args[i])) return false;
  return true;
}

static PyObject *native_list_new(apc_list *l, const apc_type *t) {
  NativeList *p = PyObject_New(NativeList, &NativeListType);
  if (!p) return NULL;
  p->list = l;
  p->type = t;
  apc_gc_pin(l);
  return (PyObject *)p;
}

/* ---- Python -> native ---------------------------------------------------
 * 1: converted; 0: the value does not have the type (guard: fall back, no
 * Python error set); -1: a Python error is set. */

static int to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c);

static const char *type_name(const apc_type *t) {
  static const char *names[] = {"?", "int", "float", "bool", "None", "str", "list", "tuple", "dict", "set", "tuple"};
  return t->kind >= 1 && t->kind <= APC_K_VTUPLE ? names[t->kind] : "?";
}

static int list_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (Py_IS_TYPE(o, &NativeListType)) {
    NativeList *p = (NativeList *)o;
    if (!types_equal(p->type, t)) return 0;
    c->used_proxy = true;
    *out = (apc_slot)(intptr_t)p->list;
    return 1;
  }
  if (!PyList_CheckExact(o)) return 0;
  apc_list *seen = map_get(&c->to_native, o);
  if (seen) {
    *out = (apc_slot)(intptr_t)seen;
    return 1;
  }
  Py_ssize_t n = PyList_GET_SIZE(o);
  apc_list *l = apc_list_new(t, n);
  if (!map_put(&c->to_native, o, l) || !map_put(&c->to_python, l, o)) return -1;
  for (Py_ssize_t i = 0; i < n; i++) {
    apc_slot v;
    int r = to_native(PyList_GET_ITEM(o, i), t->args[0], &v, c);
    if (r <= 0) return r;
    apc_list_set(l, i, v);
  }
  *out = (apc_slot)(intptr_t)l;
  return 1;
}

static int dict_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (!PyDict_CheckExact(o)) return 0;
  apc_dict *d = map_get(&c->to_native, o);
  if (!d) {
    d = apc_dict_new(t);
    if (!map_put(&c->to_native, o, d) || !map_put(&c->to_python, d, o)) return -1;
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(o, &pos, &k, &v)) {
      apc_slot nk, nv;
      int r = to_native(k, t->args[0], &nk, c);
      if (r > 0) r = to_native(v, t->args[1], &nv, c);
      if (r <= 0) return r;
      apc_dict_setitem(d, nk, nv, NULL);
    }
  }
  *out = (apc_slot)(intptr_t)d;
  return 1;
}

static int set_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (!PySet_CheckExact(o)) return 0;
  apc_set *s = map_get(&c->to_native, o);
  if (!s) {
    s = apc_set_new(t);
    if (!map_put(&c->to_native, o, s) || !map_put(&c->to_python, s, o)) return -1;
    Py_ssize_t pos = 0;
    PyObject *k;
    Py_hash_t h;
    while (_PySet_NextEntry(o, &pos, &k, &h)) {
      apc_slot nk;
      int r = to_native(k, t->args[0], &nk, c);
      if (r <= 0) return r;
      apc_set_add(s, nk, NULL);
    }
  }
  *out = (apc_slot)(intptr_t)s;
  return 1;
}

static int to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  switch (t->kind) {
  case APC_K_INT: {
    if (!PyLong_CheckExact(o)) return 0;
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow) return 0; /* past 64 bits: Python handles it */
    *out = (apc_slot)v;
    return 1;
  }
  case APC_K_FLOAT: {
    if (!PyFloat_CheckExact(o)) return 0;
    double d = PyFloat_AS_DOUBLE(o);
    memcpy(out, &d, sizeof d);
    return 1;
  }
  case APC_K_BOOL:
    if (o != Py_True && o != Py_False) return 0;
    *out = o == Py_True;
    return 1;
  case APC_K_NONE:
    if (o != Py_None) return 0;
    *out = 0;
    return 1;
  case APC_K_STR: {
    if (!PyUnicode_CheckExact(o)) return 0;
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) { /* lone surrogates: not representable in UTF-8 */
      PyErr_Clear();
      return 0;
    }
    *out = (apc_slot)(intptr_t)apc_str_new(s, n);
    return 1;
  }
  case APC_K_LIST: return list_to_native(o, t, out, c);
  case APC_K_TUPLE: {
    if (!PyTuple_CheckExact(o) || PyTuple_GET_SIZE(o) != t->n) return 0;
    apc_tuple *tu = apc_tuple_new(t);
    /* known as the caller's object, so containers inside it are written back */
    if (!map_put(&c->to_python, tu, o)) return -1;
    for (int32_t i = 0; i < t->n; i++) {
      int r = to_native(PyTuple_GET_ITEM(o, i), t->args[i], &tu->items[i], c);
      if (r <= 0) return r;
    }
    *out = (apc_slot)(intptr_t)tu;
    return 1;
  }
  case APC_K_VTUPLE: { /* tuple[T, ...]: a list layout with the tuple's descriptor */
    if (!PyTuple_CheckExact(o)) return 0;
    Py_ssize_t n = PyTuple_GET_SIZE(o);
    apc_list *l = apc_list_new(t, n);
    if (!map_put(&c->to_python, l, o)) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
      apc_slot e;
      int r = to_native(PyTuple_GET_ITEM(o, i), t->args[0], &e, c);
      if (r <= 0) return r;
      apc_list_set(l, i, e);
    }
    *out = (apc_slot)(intptr_t)l;
    return 1;
  }
  case APC_K_DICT: return dict_to_native(o, t, out, c);
  case APC_K_SET: return set_to_native(o, t, out, c);
  default: return 0;
  }
}

/* ---- native -> Python ----------------------------------------------------
 * New references. Lists become NativeList views when `views` is set (what
 * compiled code returns), real lists otherwise (what goes into a real
 * Python container). */

static PyObject *to_python(apc_slot v, const apc_type *t, bool views) {
  switch (t->kind) {
  case APC_K_INT: return PyLong_FromLongLong((long long)v);
  case APC_K_FLOAT: {
    double d;
    memcpy(&d, &v, sizeof d);
    return PyFloat_FromDouble(d);
  }
  case APC_K_BOOL: return PyBool_FromLong(v != 0);
  case APC_K_NONE: Py_RETURN_NONE;
  case APC_K_STR: {
    const apc_str *s = (const apc_str *)(intptr_t)v;
    return PyUnicode_DecodeUTF8(s->data, s->len, "surrogatepass");
  }
  case APC_K_LIST: {
    apc_list *l = (apc_list *)(intptr_t)v;
    if (views) return native_list_new(l, t);
    PyObject *r = PyList_New(l->len);
    for (int64_t i = 0; r && i < l->len; i++) {
      PyObject *e = to_python(apc_list_get(l, i), t->args[0], false);
      if (!e) Py_CLEAR(r);
      else PyList_SET_ITEM(r, i, e);
    }
    return r;
  }
  case APC_K_TUPLE: {
    const apc_tuple *tu = (const apc_tuple *)(intptr_t)v;
    PyObject *r = PyTuple_New(t->n);
    for (int32_t i = 0; r && i < t->n; i++) {
      PyObject *e = to_python(tu->items[i], t->args[i], views);
      if (!e) Py_CLEAR(r);
      else PyTuple_SET_ITEM(r, i, e);
    }
    return r;
  }
  case APC_K_VTUPLE: {
    const apc_list *l = (const apc_list *)(intptr_t)v;
    PyObject *r = PyTuple_New(l->len);
    for (int64_t i = 0; r && i < l->len; i++) {
      PyObject *e = to_python(apc_list_get(l, i), t->args[0], views);
      if (!e) Py_CLEAR(r);
      else PyTuple_SET_ITEM(r, i, e);
    }
    return r;
  }
  case APC_K_DICT: {
    const apc_dict *d = (const apc_dict *)(intptr_t)v;
    PyObject *r = PyDict_New();
    int64_t size = apc_dict_len(d);
    for (int64_t pos = apc_dict_next_index(d, 0, size, NULL); r && pos >= 0; pos = apc_dict_next_index(d, pos + 1, size, NULL)) {
      PyObject *k = to_python(apc_dict_key_at(d, pos), t->args[0], false);
      PyObject *x = k ? to_python(apc_dict_value_at(d, pos), t->args[1], views) : NULL;
      if (!x || PyDict_SetItem(r, k, x) < 0) Py_CLEAR(r);
      Py_XDECREF(k);
      Py_XDECREF(x);
    }
    return r;
  }
  case APC_K_SET: {
    const apc_set *s = (const apc_set *)(intptr_t)v;
    PyObject *r = PySet_New(NULL);
    int64_t size = apc_set_len(s);
    for (int64_t pos = apc_set_next_index(s, 0, size, NULL); r && pos >= 0; pos = apc_set_next_index(s, pos + 1, size, NULL)) {
      PyObject *k = to_python(apc_set_value_at(s, pos), t->args[0], false);
      if (!k || PySet_Add(r, k) < 0) Py_CLEAR(r);
      Py_XDECREF(k);
    }
    return r;
  }
  default: PyErr_SetString(PyExc_SystemError, "apc: unknown native type"); return NULL;
  }
}

/* ---- write-back ----------------------------------------------------------
 * After a call, make the caller's containers show what native code did to
 * their copies. A nested container that came from Python is updated in
 * place and kept (aliases stay aliases); one the native code created becomes
 * a new real Python object. */

static int write_back(PyObject *py, apc_slot native, const apc_type *t, conv_ctx *c, int depth);

static PyObject *element_back(apc_slot v, const apc_type *t, conv_ctx *c, int depth) {
  if (t->kind == APC_K_LIST || t->kind == APC_K_DICT || t->kind == APC_K_SET) {
    PyObject *orig = map_get(&c->to_python, (void *)(intptr_t)v);
    if (orig) {
      if (write_back(orig, v, t, c, depth + 1) < 0) return NULL;
      Py_INCREF(orig);
      return orig;
    }
  }
  return to_python(v, t, false);
}

static int write_back(PyObject *py, apc_slot native, const apc_type *t, conv_ctx *c, int depth) {
  if (depth > 64) return 0; /* a cycle through containers: stop */
  switch (t->kind) {
  case APC_K_LIST: {
    const apc_list *l = (const apc_list *)(intptr_t)native;
    PyObject *items = PyList_New(l->len);
    if (!items) return -1;
    for (int64_t i = 0; i < l->len; i++) {
      PyObject *e = element_back(apc_list_get(l, i), t->args[0], c, depth);
      if (!e) {
        Py_DECREF(items);
        return -1;
      }
      PyList_SET_ITEM(items, i, e);
    }
    int r = PyList_SetSlice(py, 0, PY_SSIZE_T_MAX, items);
    Py_DECREF(items);
    return r;
  }
  case APC_K_DICT: {
    const apc_dict *d = (const apc_dict *)(intptr_t)native;
    PyDict_Clear(py);
    int64_t size = apc_dict_len(d);
    for (int64_t pos = apc_dict_next_index(d, 0, size, NULL); pos >= 0; pos = apc_dict_next_index(d, pos + 1, size, NULL)) {
      PyObject *k = to_python(apc_dict_key_at(d, pos), t->args[0], false);
      PyObject *v = k ? element_back(apc_dict_value_at(d, pos), t->args[1], c, depth) : NULL;
      int r = v ? PyDict_SetItem(py, k, v) : -1;
      Py_XDECREF(k);
      Py_XDECREF(v);
      if (r < 0) return -1;
    }
    return 0;
  }
  case APC_K_SET: {
    const apc_set *s = (const apc_set *)(intptr_t)native;
    PySet_Clear(py);
    int64_t size = apc_set_len(s);
    for (int64_t pos = apc_set_next_index(s, 0, size, NULL); pos >= 0; pos = apc_set_next_index(s, pos + 1, size, NULL)) {
      PyObject *k = to_python(apc_set_value_at(s, pos), t->args[0], false);
      int r = k ? PySet_Add(py, k) : -1;
      Py_XDECREF(k);
      if (r < 0) return -1;
    }
    return 0;
  }
  case APC_K_TUPLE: { /* immutable itself; its mutable fields may have changed */
    const apc_tuple *tu = (const apc_tuple *)(intptr_t)native;
    for (int32_t i = 0; i < t->n; i++) {
      const apc_type *ft = t->args[i];
      if (ft->kind != APC_K_LIST && ft->kind != APC_K_DICT && ft->kind != APC_K_SET) continue;
      PyObject *orig = map_get(&c->to_python, (void *)(intptr_t)tu->items[i]);
      if (orig && write_back(orig, tu->items[i], ft, c, depth + 1) < 0) return -1;
    }
    return 0;
  }
  case APC_K_VTUPLE: { /* the same for a tuple[T, ...] of containers */
    const apc_list *l = (const apc_list *)(intptr_t)native;
    const apc_type *et = t->args[0];
    if (et->kind != APC_K_LIST && et->kind != APC_K_DICT && et->kind != APC_K_SET) return 0;
    for (int64_t i = 0; i < l->len; i++) {
      apc_slot e = apc_list_get(l, i);
      PyObject *orig = map_get(&c->to_python, (void *)(intptr_t)e);
      if (orig && write_back(orig, e, et, c, depth + 1) < 0) return -1;
    }
    return 0;
  }
  default: return 0;
  }
}

/* ---- NativeFunction ------------------------------------------------------ */

typedef struct {
  PyObject_HEAD const apcb_entry *entry;
  PyObject *fallback; /* the original Python function */
  vectorcallfunc vectorcall;
  /* APC_NATIVE_STATS */
  unsigned long long calls, fallbacks;
  double native_seconds;
} NativeFunction;

static bool stats_on;
/* APC_NATIVE_STATS with APC_NATIVE_MEASURE=python: every call runs the Python
 * function and its time is counted, so apc optimize learns what each
 * function costs as Python, exactly, on the program's real calls. */
static bool measure_python;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Positional, keyword and default arguments in parameter order, as Python
 * binds them; false when they do not bind (Python will say why). Borrowed. */
static bool bind_args(NativeFunction *f, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, PyObject **out) {
  const apcb_entry *e = f->entry;
  if (nargs > e->nparams) return false;
  for (int i = 0; i < e->nparams; i++) out[i] = i < nargs ? args[i] : NULL;
  if (kwnames) {
    Py_ssize_t nkw = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < nkw; k++) {
      const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(kwnames, k));
      if (!name) {
        PyErr_Clear();
        return false;
      }
      int i = 0;
      while (i < e->nparams && strcmp(e->param_names[i], name) != 0) i++;
      if (i == e->nparams || out[i]) return false;
      out[i] = args[nargs + k];
    }
  }
  PyObject *defaults = PyFunction_Check(f->fallback) ? PyFunction_GET_DEFAULTS(f->fallback) : NULL;
  Py_ssize_t nd = defaults ? PyTuple_GET_SIZE(defaults) : 0;
  for (int i = 0; i < e->nparams; i++) {
    if (out[i]) continue;
    Py_ssize_t d = i - (e->nparams - nd);
    if (d < 0) return false;
    out[i] = PyTuple_GET_ITEM(defaults, d);
  }
  return true;
}

typedef struct {
  const apcb_entry *entry;
  const apc_slot *args;
  apc_slot ret;
} call_frame;

static void run_call(void *p) {
  call_frame *cf = p;
  cf->entry->call(cf->args, &cf->ret);
}

static PyObject *fall_back(NativeFunction *f, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  if (stats_on) f->fallbacks++;
  return PyObject_Vectorcall(f->fallback, args, nargsf, kwnames);
}

/* The part of a call that touches native memory: between apc_gc_enter and
 * apc_gc_leave, so the collector sees this frame's slots. */
static __attribute__((noinline)) PyObject *native_call(NativeFunction *f, PyObject **bound, bool *guard_failed) {
  const apcb_entry *e = f->entry;
  apc_slot slots[APCB_MAX_PARAMS] = {0};
  conv_ctx ctx = {0};
  PyObject *result = NULL;
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  for (int i = 0; i < e->nparams; i++) {
    int r = to_native(bound[i], e->params[i], &slots[i], &ctx);
    if (r <= 0) {
      *guard_failed = r == 0;
      goto done;
    }
  }
  call_frame cf = {e, slots, 0};
  raise_ctx rc;
  double t0 = stats_on ? now_seconds() : 0;
  bool ok = guarded(run_call, &cf, &rc);
  if (stats_on) f->native_seconds += now_seconds() - t0;
  if (!ok && is_int_too_large(&rc) && !ctx.used_proxy) {
    free(rc.msg);
    *guard_failed = true; /* start over in Python, which has big ints */
    goto done;
  }
  for (int i = 0; i < e->nparams; i++) {
    if (!e->mutates[i] || !map_get(&ctx.to_python, (void *)(intptr_t)slots[i])) continue;
    if (write_back(bound[i], slots[i], e->params[i], &ctx, 0) < 0) {
      if (!ok) free(rc.msg);
      goto done;
    }
  }
  if (!ok) set_python_error(&rc);
  else if (!e->ret) result = Py_NewRef(Py_None);
  else result = to_python(cf.ret, e->ret, true);
done:
  apc_gc_leave(prev);
  ctx_free(&ctx);
  return result;
}

static PyObject *native_function_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  NativeFunction *f = (NativeFunction *)self;
  PyObject *bound[APCB_MAX_PARAMS];
  if (stats_on) f->calls++;
  if (measure_python) {
    double t0 = now_seconds();
    PyObject *r = PyObject_Vectorcall(f->fallback, args, nargsf, kwnames);
    f->native_seconds += now_seconds() - t0; /* here: seconds as Python */
    return r;
  }
  if (!bind_args(f, args, PyVectorcall_NARGS(nargsf), kwnames, bound)) return fall_back(f, args, nargsf, kwnames);
  bool guard_failed = false;
  PyObject *r = native_call(f, bound, &guard_failed);
  if (!r && guard_failed && !PyErr_Occurred()) return fall_back(f, args, nargsf, kwnames);
  return r;
}

static void native_function_dealloc(PyObject *self) {
  Py_XDECREF(((NativeFunction *)self)->fallback);
  PyObject_Free(self);
}

/* __name__, __doc__, __module__, ... come from the original function. */
static PyObject *native_function_getattro(PyObject *self, PyObject *name) {
  NativeFunction *f = (NativeFunction *)self;
  if (PyUnicode_CompareWithASCIIString(name, "__wrapped__") == 0) return Py_NewRef(f->fallback);
  static const char *const own[] = {"__doc__", "__name__", "__qualname__", "__module__", "__dict__", "__defaults__",
                                    "__kwdefaults__", "__code__", "__annotations__", "__globals__", NULL};
  for (const char *const *o = own; *o; o++)
    if (PyUnicode_CompareWithASCIIString(name, *o) == 0) return PyObject_GetAttr(f->fallback, name);
  PyObject *r = PyObject_GenericGetAttr(self, name);
  if (r || !PyErr_ExceptionMatches(PyExc_AttributeError)) return r;
  PyErr_Clear();
  return PyObject_GetAttr(f->fallback, name);
}

static PyObject *native_function_repr(PyObject *self) {
  NativeFunction *f = (NativeFunction *)self;
  return PyUnicode_FromFormat("<apc native function %s>", f->entry->key);
}

/* A NativeFunction is a plain function to the class that holds it: no binding. */
static PyObject *native_function_get(PyObject *self, PyObject *obj, PyObject *type) {
  (void)obj;
  (void)type;
  return Py_NewRef(self);
}

static PyTypeObject NativeFunctionType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "apc.NativeFunction",
    .tp_basicsize = sizeof(NativeFunction),
    .tp_dealloc = native_function_dealloc,
    .tp_vectorcall_offset = offsetof(NativeFunction, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_getattro = native_function_getattro,
    .tp_repr = native_function_repr,
    .tp_descr_get = native_function_get,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "A function compiled by apc, with its Python original as the fallback.",
};

/* ---- NativeList methods ---------------------------------------------------- */

#define SELF ((NativeList *)self)

/* A guarded region around runtime calls that may raise (IndexError, ...). */
typedef struct {
  void (*fn)(void *);
  void *arg;
} region;

static bool run_guarded(void (*fn)(void *), void *arg) {
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  raise_ctx rc;
  bool ok = guarded(fn, arg, &rc);
  apc_gc_leave(prev);
  if (!ok) set_python_error(&rc);
  return ok;
}

static Py_ssize_t nl_len(PyObject *self) { return (Py_ssize_t)SELF->list->len; }

static PyObject *nl_item(PyObject *self, Py_ssize_t i) {
  if (i < 0 || i >= SELF->list->len) {
    PyErr_SetString(PyExc_IndexError, "list index out of range");
    return NULL;
  }
  return to_python(apc_list_get(SELF->list, i), SELF->type->args[0], true);
}

/* A real list with the elements (lists inside become real lists too). */
static PyObject *nl_tolist(PyObject *self, PyObject *unused) {
  (void)unused;
  return to_python((apc_slot)(intptr_t)SELF->list, SELF->type, false);
}

/* Convert one value for storing into this list; TypeError when it does not
 * have the element type (a real list would take it: see hybrid/README.md). */
static bool element_to_native(PyObject *self, PyObject *value, apc_slot *out) {
  conv_ctx ctx = {0};
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  int r = to_native(value, SELF->type->args[0], out, &ctx);
  apc_gc_leave(prev);
  ctx_free(&ctx);
  if (r == 0)
    PyErr_Format(PyExc_TypeError, "apc: this native list holds only %s elements, not '%s'", type_name(SELF->type->args[0]),
                 Py_TYPE(value)->tp_name);
  return r > 0;
}

typedef struct {
  apc_list *l;
  int64_t a, b, c;
  bool has_a, has_b;
  apc_list *src;
  apc_slot v;
} list_op;

static void op_set_slice(void *p) {
  list_op *o = p;
  apc_list_set_slice(o->l, o->a, o->b, o->c, o->has_a, o->has_b, o->src, NULL);
}
static void op_del_slice(void *p) {
  list_op *o = p;
  apc_list_del_slice(o->l, o->a, o->b, o->c, o->has_a, o->has_b, NULL);
}

static PyObject *nl_subscript(PyObject *self, PyObject *key) {
  if (PyIndex_Check(key)) {
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (i < 0) i += SELF->list->len;
    return nl_item(self, i);
  }
  if (PySlice_Check(key)) {
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return NULL;
    Py_ssize_t n = PySlice_AdjustIndices(SELF->list->len, &start, &stop, step);
    PyObject *r = PyList_New(n);
    for (Py_ssize_t k = 0, i = start; r && k < n; k++, i += step) {
      PyObject *e = to_python(apc_list_get(SELF->list, i), SELF->type->args[0], true);
      if (!e) Py_CLEAR(r);
      else PyList_SET_ITEM(r, k, e);
    }
    return r;
  }
  return PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %s", Py_TYPE(key)->tp_name);
}

static int nl_ass_subscript(PyObject *self, PyObject *key, PyObject *value) {
  apc_list *l = SELF->list;
  if (PyIndex_Check(key)) {
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) return -1;
    if (i < 0) i += l->len;
    if (i < 0 || i >= l->len) {
      PyErr_SetString(PyExc_IndexError, "list assignment index out of range");
      return -1;
    }
    if (!value) {
      list_op o = {.l = l, .a = i, .b = i + 1, .c = 1, .has_a = true, .has_b = true};
      return run_guarded(op_del_slice, &o) ? 0 : -1;
    }
    apc_slot v;
    if (!element_to_native(self, value, &v)) return -1;
    apc_list_set(l, i, v);
    return 0;
  }
  if (!PySlice_Check(key)) {
    PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %s", Py_TYPE(key)->tp_name);
    return -1;
  }
  PyObject *start = PyObject_GetAttrString(key, "start"), *stop = PyObject_GetAttrString(key, "stop");
  Py_ssize_t a = 0, b = 0, step = 1;
  Py_ssize_t ignore_start, ignore_stop;
  int r = PySlice_Unpack(key, &ignore_start, &ignore_stop, &step);
  if (r == 0 && start != Py_None) a = PyNumber_AsSsize_t(start, NULL);
  if (r == 0 && stop != Py_None) b = PyNumber_AsSsize_t(stop, NULL);
  list_op o = {.l = l, .a = a, .b = b, .c = step, .has_a = start != Py_None, .has_b = stop != Py_None};
  Py_XDECREF(start);
  Py_XDECREF(stop);
  if (r < 0 || PyErr_Occurred()) return -1;
  if (!value) return run_guarded(op_del_slice, &o) ? 0 : -1;
  PyObject *seq = PySequence_List(value);
  if (!seq) return -1;
  conv_ctx ctx = {0};
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  apc_slot src = 0;
  int ok = to_native(seq, SELF->type, &src, &ctx);
  apc_gc_leave(prev);
  ctx_free(&ctx);
  if (ok == 0) PyErr_Format(PyExc_TypeError, "apc: this native list holds only %s elements", type_name(SELF->type->args[0]));
  Py_DECREF(seq);
  if (ok <= 0) return -1;
  o.src = (apc_list *)(intptr_t)src;
  apc_gc_pin(o.src);
  bool done = run_guarded(op_set_slice, &o);
  apc_gc_unpin(o.src);
  return done ? 0 : -1;
}

static PyObject *nl_richcompare(PyObject *self, PyObject *other, int op) {
  if (!Py_IS_TYPE(other, &NativeListType) && !PyList_Check(other)) Py_RETURN_NOTIMPLEMENTED;
  PyObject *a = nl_tolist(self, NULL);
  PyObject *b = Py_IS_TYPE(other, &NativeListType) ? nl_tolist(other, NULL) : Py_NewRef(other);
  PyObject *r = a && b ? PyObject_RichCompare(a, b, op) : NULL;
  Py_XDECREF(a);
  Py_XDECREF(b);
  return r;
}

static PyObject *nl_repr(PyObject *self) {
  PyObject *l = nl_tolist(self, NULL);
  PyObject *r = l ? PyObject_Repr(l) : NULL;
  Py_XDECREF(l);
  return r;
}

static int nl_contains(PyObject *self, PyObject *value) {
  for (int64_t i = 0; i < SELF->list->len; i++) {
    PyObject *e = nl_item(self, (Py_ssize_t)i);
    int r = e ? PyObject_RichCompareBool(e, value, Py_EQ) : -1;
    Py_XDECREF(e);
    if (r) return r;
  }
  return 0;
}

static PyObject *nl_concat(PyObject *self, PyObject *other) {
  PyObject *a = Py_IS_TYPE(self, &NativeListType) ? nl_tolist(self, NULL) : PySequence_List(self);
  PyObject *b = Py_IS_TYPE(other, &NativeListType) ? nl_tolist(other, NULL) : Py_NewRef(other);
  PyObject *r = a && b ? PyNumber_Add(a, b) : NULL;
  Py_XDECREF(a);
  Py_XDECREF(b);
  return r;
}

static PyObject *nl_repeat(PyObject *self, Py_ssize_t n) {
  PyObject *a = nl_tolist(self, NULL);
  PyObject *r = a ? PySequence_Repeat(a, n) : NULL;
  Py_XDECREF(a);
  return r;
}

static void op_append(void *p) {
  list_op *o = p;
  apc_list_append(o->l, o->v);
}

static PyObject *nl_append(PyObject *self, PyObject *value) {
  list_op o = {.l = SELF->list};
  if (!element_to_native(self, value, &o.v)) return NULL;
  if (!run_guarded(op_append, &o)) return NULL;
  Py_RETURN_NONE;
}

static PyObject *nl_extend(PyObject *self, PyObject *iterable) {
  PyObject *seq = PySequence_List(iterable);
  if (!seq) return NULL;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(seq); i++) {
    PyObject *r = nl_append(self, PyList_GET_ITEM(seq, i));
    if (!r) {
      Py_DECREF(seq);
      return NULL;
    }
    Py_DECREF(r);
  }
  Py_DECREF(seq);
  Py_RETURN_NONE;
}

static void op_pop(void *p) {
  list_op *o = p;
  o->v = apc_list_pop(o->l, o->a, NULL);
}

static PyObject *nl_pop(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
  if (nargs > 1) return PyErr_Format(PyExc_TypeError, "pop expected at most 1 argument, got %zd", nargs);
  list_op o = {.l = SELF->list, .a = -1};
  if (nargs == 1) {
    o.a = PyNumber_AsSsize_t(args[0], PyExc_IndexError);
    if (o.a == -1 && PyErr_Occurred()) return NULL;
  }
  if (!run_guarded(op_pop, &o)) return NULL;
  return to_python(o.v, SELF->type->args[0], true);
}

static void op_insert(void *p) {
  list_op *o = p;
  apc_list_insert(o->l, o->a, o->v);
}

static PyObject *nl_insert(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
  if (nargs != 2) return PyErr_Format(PyExc_TypeError, "insert expected 2 arguments, got %zd", nargs);
  list_op o = {.l = SELF->list};
  o.a = PyNumber_AsSsize_t(args[0], PyExc_IndexError);
  if (o.a == -1 && PyErr_Occurred()) return NULL;
  if (!element_to_native(self, args[1], &o.v) || !run_guarded(op_insert, &o)) return NULL;
  Py_RETURN_NONE;
}

/* The rest behave exactly as on the real list they stand for: do it there. */
static PyObject *via_list(PyObject *self, const char *method, PyObject *arg, bool write) {
  PyObject *l = nl_tolist(self, NULL);
  if (!l) return NULL;
  PyObject *r = arg ? PyObject_CallMethod(l, method, "O", arg) : PyObject_CallMethod(l, method, NULL);
  if (r && write) {
    PyObject *all = PySlice_New(NULL, NULL, NULL);
    if (!all || nl_ass_subscript(self, all, l) < 0) Py_CLEAR(r);
    Py_XDECREF(all);
  }
  Py_DECREF(l);
  return r;
}

static PyObject *nl_index(PyObject *self, PyObject *v) { return via_list(self, "index", v, false); }
static PyObject *nl_count(PyObject *self, PyObject *v) { return via_list(self, "count", v, false); }
static PyObject *nl_remove(PyObject *self, PyObject *v) { return via_list(self, "remove", v, true); }
static PyObject *nl_reverse(PyObject *self, PyObject *u) { (void)u; return via_list(self, "reverse", NULL, true); }
static PyObject *nl_clear(PyObject *self, PyObject *u) { (void)u; return via_list(self, "clear", NULL, true); }

static PyObject *nl_sort(PyObject *self, PyObject *args, PyObject *kwargs) {
  PyObject *l = nl_tolist(self, NULL);
  if (!l) return NULL;
  PyObject *sort = PyObject_GetAttrString(l, "sort");
  PyObject *r = sort ? PyObject_Call(sort, args, kwargs) : NULL;
  Py_XDECREF(sort);
  if (r) {
    PyObject *all = PySlice_New(NULL, NULL, NULL);
    if (!all || nl_ass_subscript(self, all, l) < 0) Py_CLEAR(r);
    Py_XDECREF(all);
  }
  Py_DECREF(l);
  return r;
}

/* copy.copy, pickle, deepcopy: a real list. */
static PyObject *nl_reduce(PyObject *self, PyObject *u) {
  (void)u;
  PyObject *l = nl_tolist(self, NULL);
  if (!l) return NULL;
  PyObject *r = Py_BuildValue("(O(O))", (PyObject *)&PyList_Type, l);
  Py_DECREF(l);
  return r;
}

static PyObject *nl_inplace_concat(PyObject *self, PyObject *other) {
  PyObject *r = nl_extend(self, other);
  if (!r) return NULL;
  Py_DECREF(r);
  return Py_NewRef(self);
}

static void nl_dealloc(PyObject *self) {
  apc_gc_unpin(SELF->list);
  PyObject_Free(self);
}

static PyMethodDef nl_methods[] = {
    {"tolist", nl_tolist, METH_NOARGS, "A real list with the same elements."},
    {"copy", nl_tolist, METH_NOARGS, "A real list with the same elements (list.copy)."},
    {"append", nl_append, METH_O, NULL},
    {"extend", nl_extend, METH_O, NULL},
    {"pop", (PyCFunction)(void (*)(void))nl_pop, METH_FASTCALL, NULL},
    {"insert", (PyCFunction)(void (*)(void))nl_insert, METH_FASTCALL, NULL},
    {"index", nl_index, METH_O, NULL},
    {"count", nl_count, METH_O, NULL},
    {"remove", nl_remove, METH_O, NULL},
    {"reverse", nl_reverse, METH_NOARGS, NULL},
    {"clear", nl_clear, METH_NOARGS, NULL},
    {"sort", (PyCFunction)(void (*)(void))nl_sort, METH_VARARGS | METH_KEYWORDS, NULL},
    {"__reduce__", nl_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods nl_as_sequence = {
    .sq_length = nl_len,
    .sq_concat = nl_concat,
    .sq_repeat = nl_repeat,
    .sq_item = nl_item,
    .sq_contains = nl_contains,
    .sq_inplace_concat = nl_inplace_concat,
};

static PyMappingMethods nl_as_mapping = {
    .mp_length = nl_len,
    .mp_subscript = nl_subscript,
    .mp_ass_subscript = nl_ass_subscript,
};

/* ---- NativeList iteration ------------------------------------------------ */

typedef struct {
  PyObject_HEAD PyObject *owner;
  Py_ssize_t i;
} NativeListIter;

static PyObject *nl_iter(PyObject *self) {
  NativeListIter *it = PyObject_New(NativeListIter, &NativeListIterType);
  if (!it) return NULL;
  it->owner = Py_NewRef(self);
  it->i = 0;
  return (PyObject *)it;
}

static PyObject *nli_next(PyObject *self) {
  NativeListIter *it = (NativeListIter *)self;
  if (!it->owner) return NULL;
  NativeList *l = (NativeList *)it->owner;
  if (it->i >= l->list->len) {
    Py_CLEAR(it->owner);
    return NULL;
  }
  return to_python(apc_list_get(l->list, it->i++), l->type->args[0], true);
}

static void nli_dealloc(PyObject *self) {
  Py_XDECREF(((NativeListIter *)self)->owner);
  PyObject_Free(self);
}

static PyTypeObject NativeListIterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "apc.NativeListIterator",
    .tp_basicsize = sizeof(NativeListIter),
    .tp_dealloc = nli_dealloc,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = nli_next,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static PyTypeObject NativeListType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "apc.NativeList",
    .tp_basicsize = sizeof(NativeList),
    .tp_dealloc = nl_dealloc,
    .tp_repr = nl_repr,
    .tp_as_sequence = &nl_as_sequence,
    .tp_as_mapping = &nl_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_richcompare = nl_richcompare,
    .tp_iter = nl_iter,
    .tp_methods = nl_methods,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "A list that lives in apc's native layout (returned by compiled code).",
};

/* ---- the module ------------------------------------------------------------- */

static const apcb_entry *find_entry(const char *key) {
  for (int i = 0; i < apcb_nentries; i++)
    if (strcmp(apcb_entries[i].key, key) == 0) return &apcb_entries[i];
  return NULL;
}

/* wrap(fn, key): the NativeFunction for `key`, or fn itself when this build
 * has no entry for it. */
static PyObject *mod_wrap(PyObject *m, PyObject *const *args, Py_ssize_t nargs) {
  (void)m;
  if (nargs != 2 || !PyUnicode_Check(args[1])) return PyErr_Format(PyExc_TypeError, "wrap(fn, key: str)");
  const char *key = PyUnicode_AsUTF8(args[1]);
  const apcb_entry *e = key ? find_entry(key) : NULL;
  if (!e) {
    if (PyErr_Occurred()) return NULL;
    return Py_NewRef(args[0]);
  }
  NativeFunction *f = PyObject_New(NativeFunction, &NativeFunctionType);
  if (!f) return NULL;
  f->entry = e;
  f->fallback = Py_NewRef(args[0]);
  f->vectorcall = native_function_vectorcall;
  f->calls = f->fallbacks = 0;
  f->native_seconds = 0;
  return (PyObject *)f;
}

static PyObject *mod_keys(PyObject *m, PyObject *u) {
  (void)m;
  (void)u;
  PyObject *r = PyList_New(apcb_nentries);
  for (int i = 0; r && i < apcb_nentries; i++) {
    PyObject *s = PyUnicode_FromString(apcb_entries[i].key);
    if (!s) Py_CLEAR(r);
    else PyList_SET_ITEM(r, i, s);
  }
  return r;
}

/* stats(fn): (calls, fallbacks, seconds in native code) of a NativeFunction
 * (counted only when APC_NATIVE_STATS was set at import). */
static PyObject *mod_stats(PyObject *m, PyObject *fn) {
  (void)m;
  if (!Py_IS_TYPE(fn, &NativeFunctionType)) return PyErr_Format(PyExc_TypeError, "stats() takes a NativeFunction");
  NativeFunction *f = (NativeFunction *)fn;
  return Py_BuildValue("(KKd)", f->calls, f->fallbacks, f->native_seconds);
}

static PyMethodDef module_methods[] = {
    {"wrap", (PyCFunction)(void (*)(void))mod_wrap, METH_FASTCALL, "wrap(fn, key) -> NativeFunction or fn"},
    {"keys", mod_keys, METH_NOARGS, "The keys of the compiled functions in this build."},
    {"stats", mod_stats, METH_O, "stats(fn) -> (calls, fallbacks, native seconds)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_apc_native", "Functions compiled by apc for this project.", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__apc_native(void) {
  if (PyType_Ready(&NativeFunctionType) < 0 || PyType_Ready(&NativeListType) < 0 || PyType_Ready(&NativeListIterType) < 0)
    return NULL;
  PyObject *m = PyModule_Create(&module_def);
  if (!m) return NULL;
  if (PyModule_AddObjectRef(m, "NativeList", (PyObject *)&NativeListType) < 0 ||
      PyModule_AddObjectRef(m, "NativeFunction", (PyObject *)&NativeFunctionType) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  const char *s = getenv("APC_NATIVE_STATS");
  stats_on = s && *s;
  const char *measure = getenv("APC_NATIVE_MEASURE");
  measure_python = stats_on && measure && strcmp(measure, "python") == 0;
  apc_gc_embed();
  apc_set_raise_hook(on_raise);
  return m;
}
