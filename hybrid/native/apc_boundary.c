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
#include "boundary_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gc.h"

static PyTypeObject NativeFunctionType;

/* ---- NativeFunction ------------------------------------------------------ */

typedef struct {
  PyObject_HEAD const apcb_entry *entry;
  PyObject *fallback; /* the original Python function */
  vectorcallfunc vectorcall;
  /* APC_NATIVE_STATS */
  unsigned long long calls, fallbacks;
  double native_seconds;
  /* APC_NATIVE_MEASURE=python: calls of this function under way, so a
   * recursive call (which reaches this object again through the module's
   * global) is part of its outermost call, as it is in native code. */
  unsigned depth;
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
    int r = apcb_to_native(bound[i], e->params[i], &slots[i], &ctx);
    if (r <= 0) {
      *guard_failed = r == 0;
      goto done;
    }
  }
  call_frame cf = {e, slots, 0};
  raise_ctx rc;
  double t0 = stats_on ? now_seconds() : 0;
  bool ok = apcb_guarded(run_call, &cf, &rc);
  if (stats_on) f->native_seconds += now_seconds() - t0;
  if (!ok && apcb_is_int_too_large(&rc) && !ctx.used_proxy) {
    free(rc.msg);
    *guard_failed = true; /* start over in Python, which has big ints */
    goto done;
  }
  for (int i = 0; i < e->nparams; i++) {
    if (!e->mutates[i] || !apcb_map_get(&ctx.to_python, (void *)(intptr_t)slots[i])) continue;
    if (apcb_write_back(bound[i], slots[i], e->params[i], &ctx, 0) < 0) {
      if (!ok) free(rc.msg);
      goto done;
    }
  }
  if (!ok) apcb_set_python_error(&rc);
  else if (!e->ret) result = Py_NewRef(Py_None);
  else result = apcb_to_python(cf.ret, e->ret, true);
done:
  apc_gc_leave(prev);
  apcb_ctx_free(&ctx);
  return result;
}

static PyObject *native_function_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
  NativeFunction *f = (NativeFunction *)self;
  PyObject *bound[APCB_MAX_PARAMS];
  if (measure_python) {
    if (f->depth > 0) return PyObject_Vectorcall(f->fallback, args, nargsf, kwnames);
    f->calls++;
    f->depth++;
    double t0 = now_seconds();
    PyObject *r = PyObject_Vectorcall(f->fallback, args, nargsf, kwnames);
    f->native_seconds += now_seconds() - t0; /* here: seconds as Python */
    f->depth--;
    return r;
  }
  if (stats_on) f->calls++;
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
  f->depth = 0;
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
  if (PyType_Ready(&NativeFunctionType) < 0 || PyType_Ready(&apcb_NativeListType) < 0 || PyType_Ready(&apcb_NativeListIterType) < 0)
    return NULL;
  PyObject *m = PyModule_Create(&module_def);
  if (!m) return NULL;
  if (PyModule_AddObjectRef(m, "NativeList", (PyObject *)&apcb_NativeListType) < 0 ||
      PyModule_AddObjectRef(m, "NativeFunction", (PyObject *)&NativeFunctionType) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  const char *s = getenv("APC_NATIVE_STATS");
  stats_on = s && *s;
  const char *measure = getenv("APC_NATIVE_MEASURE");
  measure_python = stats_on && measure && strcmp(measure, "python") == 0;
  apc_gc_embed();
  apc_set_raise_hook(apcb_on_raise);
  return m;
}
