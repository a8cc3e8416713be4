"""Type names for traced values, as the compiler reads them.

Owns: turning one runtime value into a type string such as ``int``,
``list[float]``, ``dict[str, int]``, ``tuple[int, str]``, ``set[int]`` or
``list[list[float]]``. Container element types come from a bounded sample of
elements (evenly spaced for sequences, the first few for dicts and sets), so
naming a value costs O(1) whatever its size. Does not own where names are
recorded (collector.py) or which calls are looked at (calltracer.py,
decorator.py).

Names:
  scalars        int, float, bool, str, bytes, complex, None
  list/set       list[T], set[T], frozenset[T]; T is a union "A | B" (sorted)
                 when the sample is mixed; an empty container is bare "list"
  dict           dict[K, V]
  tuple          tuple[A, B] for up to 6 elements, tuple[T, ...] beyond,
                 tuple[()] when empty
  subclasses     of dict/list/set keep their class name: defaultdict[str, int]
  classes        Point for classes of __main__, module.Point otherwise
  nesting        up to 3 levels; deeper containers are bare (list)
"""

from itertools import islice

MAX_DEPTH = 3
# Elements looked at per container, by nesting depth.
SAMPLE_BY_DEPTH = (8, 4, 2)
MAX_TUPLE_ARITY = 6

_SCALARS = {
    int: "int",
    float: "float",
    bool: "bool",
    str: "str",
    bytes: "bytes",
    complex: "complex",
    type(None): "None",
    bytearray: "bytearray",
    range: "range",
}

_CONTAINERS = (list, dict, tuple, set, frozenset)

_class_names = {}
# type -> True when its name does not depend on the value (no elements to look at)
_plain_types = dict.fromkeys(_SCALARS, True)
# plain element type -> its name, for containers of one plain type
_homogeneous = {}
# plain element type -> "list[float]"
_homogeneous_lists = {}
# tuple of types -> tuple of names, for calls whose arguments are all plain
_plain_tuples = {}
_PLAIN_TUPLES_MAX = 4096
_UNSEEN = object()


def class_name(t):
    """The display name of a class: bare for builtins and __main__."""
    name = _class_names.get(t)
    if name is None:
        module = getattr(t, "__module__", None)
        qual = getattr(t, "__qualname__", None) or t.__name__
        name = qual if module in (None, "builtins", "__main__") else f"{module}.{qual}"
        _class_names[t] = name
    return name


def is_plain(t):
    plain = _plain_types.get(t)
    if plain is None:
        plain = _plain_types[t] = not issubclass(t, _CONTAINERS)
    return plain


def type_names(values):
    """The names of several values (a call's arguments) as a tuple; calls
    whose arguments are all of plain types are answered from a cache."""
    key = tuple(map(type, values))
    names = _plain_tuples.get(key, _UNSEEN)
    if names is None:  # seen before, with a container among them
        return tuple(map(type_name, values))
    if names is _UNSEEN:
        names = tuple(map(type_name, values))
        if len(_plain_tuples) < _PLAIN_TUPLES_MAX:
            _plain_tuples[key] = names if all(map(is_plain, key)) else None
    return names


def type_name(value, depth=0):
    t = type(value)
    name = _SCALARS.get(t)
    if name is not None:
        return name
    if t is list:
        # Fast path for the common case, a list of one plain type (~0.4 us).
        n = len(value)
        if n == 0 or depth >= MAX_DEPTH:
            return "list"
        k = SAMPLE_BY_DEPTH[depth]
        if n <= k:
            types = set(map(type, value))
        else:
            types = set(map(type, value[: (n - 1) // (k - 1) * k : (n - 1) // (k - 1)]))
            types.add(type(value[-1]))
        if len(types) == 1:
            name = _homogeneous_lists.get(types.pop())
            if name is not None:
                return name
        return _sequence("list", value, depth)
    if t is dict:
        return _mapping("dict", value, depth)
    if t is tuple:
        return _tuple(value, depth)
    if t is set:
        return _iterable("set", value, depth)
    if t is frozenset:
        return _iterable("frozenset", value, depth)
    # Subclasses of the mutable containers keep their element types.
    if isinstance(value, dict):
        return _mapping(class_name(t), value, depth)
    if isinstance(value, list):
        return _sequence(class_name(t), value, depth)
    if isinstance(value, (set, frozenset)):
        return _iterable(class_name(t), value, depth)
    return class_name(t)


def _union(names):
    return " | ".join(sorted(set(names)))


def _elements(elements, depth):
    """The element type of a sample: one name, or a sorted union."""
    types = set(map(type, elements))
    if len(types) == 1:
        t = types.pop()
        name = _homogeneous.get(t)
        if name is not None:
            return name
        if is_plain(t):
            name = _homogeneous[t] = type_name(elements[0])
            _homogeneous_lists[t] = f"list[{name}]"
            return name
    return _union([type_name(e, depth + 1) for e in elements])


def _sample(value, n, k):
    """At most k+1 evenly spaced elements of a sequence, the first and the last among them."""
    if n <= k:
        return value if type(value) is list else list(value)
    picked = value[:: (n - 1) // (k - 1)]
    if len(picked) > k:
        picked = picked[:k]
    return [*picked, value[-1]]


def _sequence(name, value, depth):
    n = len(value)
    if n == 0 or depth >= MAX_DEPTH:
        return name
    return f"{name}[{_elements(_sample(value, n, SAMPLE_BY_DEPTH[depth]), depth)}]"


def _iterable(name, value, depth):
    if len(value) == 0 or depth >= MAX_DEPTH:
        return name
    return f"{name}[{_elements(list(islice(value, SAMPLE_BY_DEPTH[depth])), depth)}]"


def _mapping(name, value, depth):
    if len(value) == 0 or depth >= MAX_DEPTH:
        return name
    k = SAMPLE_BY_DEPTH[depth]
    keys = _elements(list(islice(value.keys(), k)), depth)
    values = _elements(list(islice(value.values(), k)), depth)
    return f"{name}[{keys}, {values}]"


def _tuple(value, depth):
    n = len(value)
    if n == 0:
        return "tuple[()]"
    if depth >= MAX_DEPTH:
        return "tuple"
    if n <= MAX_TUPLE_ARITY:
        return f"tuple[{', '.join([type_name(e, depth + 1) for e in value])}]"
    return f"tuple[{_elements(_sample(value, n, SAMPLE_BY_DEPTH[depth]), depth)}, ...]"
