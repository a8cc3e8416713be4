/* boundary_convert.c: native exceptions as Python exceptions, and values
 * between CPython objects and apc's native layouts, both ways, with the
 * write-back of mutated arguments (see apc_boundary.c for the rules). */
#include "boundary_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"

/* ---- native exceptions ------------------------------------------------- */


static raise_ctx *current_raise;

void apcb_on_raise(const char *type, const char *msg, size_t len, const apc_site *site) {
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
__attribute__((noinline)) bool apcb_guarded(void (*fn)(void *), void *arg, raise_ctx *c) {
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

bool apcb_is_int_too_large(const raise_ctx *c) {
  return strcmp(c->type, "OverflowError") == 0 && c->msg && strncmp(c->msg, INT_TOO_LARGE, strlen(INT_TOO_LARGE)) == 0;
}

/* Sets the Python exception named c->type (a builtin) with c's message. */
void apcb_set_python_error(raise_ctx *c) {
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


static size_t ptr_hash(const void *p, size_t cap) { return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull) & (cap - 1); }

void *apcb_map_get(const ptrmap *m, const void *k) {
  if (!m->cap) return NULL;
  for (size_t i = ptr_hash(k, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == k) return m->vals[i];
    if (!m->keys[i]) return NULL;
  }
}

bool apcb_map_put(ptrmap *m, const void *k, void *v) {
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
      if (m->keys[i]) apcb_map_put(&g, m->keys[i], m->vals[i]);
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

void apcb_map_free(ptrmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}


void apcb_ctx_free(conv_ctx *c) {
  apcb_map_free(&c->to_native);
  apcb_map_free(&c->to_python);
}

bool apcb_types_equal(const apc_type *a, const apc_type *b) {
  if (a == b) return true;
  if (a->kind != b->kind || a->n != b->n) return false;
  for (int32_t i = 0; i < a->n; i++)
    if (!apcb_types_equal(a->args[i], b->args[i])) return false;
  return true;
}

/* ---- Python -> native ---------------------------------------------------
 * 1: converted; 0: the value does not have the type (guard: fall back, no
 * Python error set); -1: a Python error is set. */

int apcb_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c);

const char *apcb_type_name(const apc_type *t) {
  static const char *names[] = {"?", "int", "float", "bool", "None", "str", "list", "tuple", "dict", "set", "tuple"};
  return t->kind >= 1 && t->kind <= APC_K_VTUPLE ? names[t->kind] : "?";
}

static int list_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (Py_IS_TYPE(o, &apcb_NativeListType)) {
    NativeList *p = (NativeList *)o;
    if (!apcb_types_equal(p->type, t)) return 0;
    c->used_proxy = true;
    *out = (apc_slot)(intptr_t)p->list;
    return 1;
  }
  if (!PyList_CheckExact(o)) return 0;
  apc_list *seen = apcb_map_get(&c->to_native, o);
  if (seen) {
    *out = (apc_slot)(intptr_t)seen;
    return 1;
  }
  Py_ssize_t n = PyList_GET_SIZE(o);
  apc_list *l = apc_list_new(t, n);
  if (!apcb_map_put(&c->to_native, o, l) || !apcb_map_put(&c->to_python, l, o)) return -1;
  for (Py_ssize_t i = 0; i < n; i++) {
    apc_slot v;
    int r = apcb_to_native(PyList_GET_ITEM(o, i), t->args[0], &v, c);
    if (r <= 0) return r;
    apc_list_set(l, i, v);
  }
  *out = (apc_slot)(intptr_t)l;
  return 1;
}

static int dict_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (!PyDict_CheckExact(o)) return 0;
  apc_dict *d = apcb_map_get(&c->to_native, o);
  if (!d) {
    d = apc_dict_new(t);
    if (!apcb_map_put(&c->to_native, o, d) || !apcb_map_put(&c->to_python, d, o)) return -1;
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(o, &pos, &k, &v)) {
      apc_slot nk, nv;
      int r = apcb_to_native(k, t->args[0], &nk, c);
      if (r > 0) r = apcb_to_native(v, t->args[1], &nv, c);
      if (r <= 0) return r;
      apc_dict_setitem(d, nk, nv, NULL);
    }
  }
  *out = (apc_slot)(intptr_t)d;
  return 1;
}

static int set_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
  if (!PySet_CheckExact(o)) return 0;
  apc_set *s = apcb_map_get(&c->to_native, o);
  if (!s) {
    s = apc_set_new(t);
    if (!apcb_map_put(&c->to_native, o, s) || !apcb_map_put(&c->to_python, s, o)) return -1;
    Py_ssize_t pos = 0;
    PyObject *k;
    Py_hash_t h;
    while (_PySet_NextEntry(o, &pos, &k, &h)) {
      apc_slot nk;
      int r = apcb_to_native(k, t->args[0], &nk, c);
      if (r <= 0) return r;
      apc_set_add(s, nk, NULL);
    }
  }
  *out = (apc_slot)(intptr_t)s;
  return 1;
}

int apcb_to_native(PyObject *o, const apc_type *t, apc_slot *out, conv_ctx *c) {
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
    if (!apcb_map_put(&c->to_python, tu, o)) return -1;
    for (int32_t i = 0; i < t->n; i++) {
      int r = apcb_to_native(PyTuple_GET_ITEM(o, i), t->args[i], &tu->items[i], c);
      if (r <= 0) return r;
    }
    *out = (apc_slot)(intptr_t)tu;
    return 1;
  }
  case APC_K_VTUPLE: { /* tuple[T, ...]: a list layout with the tuple's descriptor */
    if (!PyTuple_CheckExact(o)) return 0;
    Py_ssize_t n = PyTuple_GET_SIZE(o);
    apc_list *l = apc_list_new(t, n);
    if (!apcb_map_put(&c->to_python, l, o)) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
      apc_slot e;
      int r = apcb_to_native(PyTuple_GET_ITEM(o, i), t->args[0], &e, c);
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

PyObject *apcb_to_python(apc_slot v, const apc_type *t, bool views) {
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
    if (views) return apcb_native_list_new(l, t);
    PyObject *r = PyList_New(l->len);
    for (int64_t i = 0; r && i < l->len; i++) {
      PyObject *e = apcb_to_python(apc_list_get(l, i), t->args[0], false);
      if (!e) Py_CLEAR(r);
      else PyList_SET_ITEM(r, i, e);
    }
    return r;
  }
  case APC_K_TUPLE: {
    const apc_tuple *tu = (const apc_tuple *)(intptr_t)v;
    PyObject *r = PyTuple_New(t->n);
    for (int32_t i = 0; r && i < t->n; i++) {
      PyObject *e = apcb_to_python(tu->items[i], t->args[i], views);
      if (!e) Py_CLEAR(r);
      else PyTuple_SET_ITEM(r, i, e);
    }
    return r;
  }
  case APC_K_VTUPLE: {
    const apc_list *l = (const apc_list *)(intptr_t)v;
    PyObject *r = PyTuple_New(l->len);
    for (int64_t i = 0; r && i < l->len; i++) {
      PyObject *e = apcb_to_python(apc_list_get(l, i), t->args[0], views);
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
      PyObject *k = apcb_to_python(apc_dict_key_at(d, pos), t->args[0], false);
      PyObject *x = k ? apcb_to_python(apc_dict_value_at(d, pos), t->args[1], views) : NULL;
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
      PyObject *k = apcb_to_python(apc_set_value_at(s, pos), t->args[0], false);
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

int apcb_write_back(PyObject *py, apc_slot native, const apc_type *t, conv_ctx *c, int depth);

static PyObject *element_back(apc_slot v, const apc_type *t, conv_ctx *c, int depth) {
  if (t->kind == APC_K_LIST || t->kind == APC_K_DICT || t->kind == APC_K_SET) {
    PyObject *orig = apcb_map_get(&c->to_python, (void *)(intptr_t)v);
    if (orig) {
      if (apcb_write_back(orig, v, t, c, depth + 1) < 0) return NULL;
      Py_INCREF(orig);
      return orig;
    }
  }
  return apcb_to_python(v, t, false);
}

int apcb_write_back(PyObject *py, apc_slot native, const apc_type *t, conv_ctx *c, int depth) {
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
      PyObject *k = apcb_to_python(apc_dict_key_at(d, pos), t->args[0], false);
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
      PyObject *k = apcb_to_python(apc_set_value_at(s, pos), t->args[0], false);
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
      PyObject *orig = apcb_map_get(&c->to_python, (void *)(intptr_t)tu->items[i]);
      if (orig && apcb_write_back(orig, tu->items[i], ft, c, depth + 1) < 0) return -1;
    }
    return 0;
  }
  case APC_K_VTUPLE: { /* the same for a tuple[T, ...] of containers */
    const apc_list *l = (const apc_list *)(intptr_t)native;
    const apc_type *et = t->args[0];
    if (et->kind != APC_K_LIST && et->kind != APC_K_DICT && et->kind != APC_K_SET) return 0;
    for (int64_t i = 0; i < l->len; i++) {
      apc_slot e = apc_list_get(l, i);
      PyObject *orig = apcb_map_get(&c->to_python, (void *)(intptr_t)e);
      if (orig && apcb_write_back(orig, e, et, c, depth + 1) < 0) return -1;
    }
    return 0;
  }
  default: return 0;
  }
}
