/* native_list.c: NativeList, the Python view of a list that compiled code
 * returned: the native list itself (pinned for the collector), behaving like
 * the list it stands for (hybrid/README.md says where it cannot). */
#include "boundary_internal.h"

#include <stdint.h>
#include <string.h>

#include "gc.h"

PyObject *apcb_native_list_new(apc_list *l, const apc_type *t) {
  NativeList *p = PyObject_New(NativeList, &apcb_NativeListType);
  if (!p) return NULL;
  p->list = l;
  p->type = t;
  apc_gc_pin(l);
  return (PyObject *)p;
}

/* ---- NativeList methods ---------------------------------------------------- */

#define SELF ((NativeList *)self)

/* Runtime calls that may raise (IndexError, ...) run guarded. */
bool apcb_run_guarded(void (*fn)(void *), void *arg) {
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  raise_ctx rc;
  bool ok = apcb_guarded(fn, arg, &rc);
  apc_gc_leave(prev);
  if (!ok) apcb_set_python_error(&rc);
  return ok;
}

static Py_ssize_t nl_len(PyObject *self) { return (Py_ssize_t)SELF->list->len; }

static PyObject *nl_item(PyObject *self, Py_ssize_t i) {
  if (i < 0 || i >= SELF->list->len) {
    PyErr_SetString(PyExc_IndexError, "list index out of range");
    return NULL;
  }
  return apcb_to_python(apc_list_get(SELF->list, i), SELF->type->args[0], true);
}

/* A real list with the elements (lists inside become real lists too). */
static PyObject *nl_tolist(PyObject *self, PyObject *unused) {
  (void)unused;
  return apcb_to_python((apc_slot)(intptr_t)SELF->list, SELF->type, false);
}

/* Convert one value for storing into this list; TypeError when it does not
 * have the element type (a real list would take it: see hybrid/README.md). */
static bool element_to_native(PyObject *self, PyObject *value, apc_slot *out) {
  conv_ctx ctx = {0};
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  int r = apcb_to_native(value, SELF->type->args[0], out, &ctx);
  apc_gc_leave(prev);
  apcb_ctx_free(&ctx);
  if (r == 0)
    PyErr_Format(PyExc_TypeError, "apc: this native list holds only %s elements, not '%s'", apcb_type_name(SELF->type->args[0]),
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
      PyObject *e = apcb_to_python(apc_list_get(SELF->list, i), SELF->type->args[0], true);
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
      return apcb_run_guarded(op_del_slice, &o) ? 0 : -1;
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
  if (!value) return apcb_run_guarded(op_del_slice, &o) ? 0 : -1;
  PyObject *seq = PySequence_List(value);
  if (!seq) return -1;
  conv_ctx ctx = {0};
  void *prev = apc_gc_enter(__builtin_frame_address(0));
  apc_slot src = 0;
  int ok = apcb_to_native(seq, SELF->type, &src, &ctx);
  apc_gc_leave(prev);
  apcb_ctx_free(&ctx);
  if (ok == 0) PyErr_Format(PyExc_TypeError, "apc: this native list holds only %s elements", apcb_type_name(SELF->type->args[0]));
  Py_DECREF(seq);
  if (ok <= 0) return -1;
  o.src = (apc_list *)(intptr_t)src;
  apc_gc_pin(o.src);
  bool done = apcb_run_guarded(op_set_slice, &o);
  apc_gc_unpin(o.src);
  return done ? 0 : -1;
}

static PyObject *nl_richcompare(PyObject *self, PyObject *other, int op) {
  if (!Py_IS_TYPE(other, &apcb_NativeListType) && !PyList_Check(other)) Py_RETURN_NOTIMPLEMENTED;
  PyObject *a = nl_tolist(self, NULL);
  PyObject *b = Py_IS_TYPE(other, &apcb_NativeListType) ? nl_tolist(other, NULL) : Py_NewRef(other);
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
  PyObject *a = Py_IS_TYPE(self, &apcb_NativeListType) ? nl_tolist(self, NULL) : PySequence_List(self);
  PyObject *b = Py_IS_TYPE(other, &apcb_NativeListType) ? nl_tolist(other, NULL) : Py_NewRef(other);
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
  if (!apcb_run_guarded(op_append, &o)) return NULL;
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
  if (!apcb_run_guarded(op_pop, &o)) return NULL;
  return apcb_to_python(o.v, SELF->type->args[0], true);
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
  if (!element_to_native(self, args[1], &o.v) || !apcb_run_guarded(op_insert, &o)) return NULL;
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
  NativeListIter *it = PyObject_New(NativeListIter, &apcb_NativeListIterType);
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
  return apcb_to_python(apc_list_get(l->list, it->i++), l->type->args[0], true);
}

static void nli_dealloc(PyObject *self) {
  Py_XDECREF(((NativeListIter *)self)->owner);
  PyObject_Free(self);
}

PyTypeObject apcb_NativeListIterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "apc.NativeListIterator",
    .tp_basicsize = sizeof(NativeListIter),
    .tp_dealloc = nli_dealloc,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = nli_next,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

PyTypeObject apcb_NativeListType = {
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
