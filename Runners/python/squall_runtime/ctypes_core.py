"""The few ctypes names the libzmq dealer uses, made from _ctypes the way ctypes makes them.

`import ctypes` defines some thirty C types, byte-order variants and a callback the dealer never
uses (about 5M instructions, 2/3 of a trivial action's channel cost apart from loading libzmq).
`load()` returns an object with the same names and behaviour for what the dealer needs, or the
ctypes module itself when _ctypes does not offer what is needed.
"""


def load():
    try:
        return _CtypesCore()
    except Exception:
        import ctypes
        return ctypes


class _CtypesCore(object):
    def __init__(self):
        import _ctypes

        simple = _ctypes._SimpleCData
        # The type codes ctypes gives these types (ctypes/__init__.py).
        self.c_int = type("c_int", (simple,), {"_type_": "i"})
        self.c_char = type("c_char", (simple,), {"_type_": "c"})
        self.c_char_p = type("c_char_p", (simple,), {"_type_": "z"})
        self.c_void_p = type("c_void_p", (simple,), {"_type_": "P"})
        self.c_uint64 = type("c_uint64", (simple,), {"_type_": "Q"})
        # size_t is unsigned long on Linux; ctypes' c_size_t is the unsigned type as wide as a pointer.
        self.c_size_t = type("c_size_t", (simple,), {"_type_": "L"})
        if (_ctypes.sizeof(self.c_size_t), _ctypes.sizeof(self.c_uint64)) != (_ctypes.sizeof(self.c_void_p), 8):
            raise TypeError("C type sizes of another platform")
        self.POINTER = _ctypes.POINTER
        self.byref = _ctypes.byref
        self.get_errno = _ctypes.get_errno
        # CDLL(..., use_errno=True)'s function type.
        self._function_type = type("_FuncPtr", (_ctypes.CFuncPtr,), {
            "_flags_": _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO, "_restype_": self.c_int})
        self._dlopen = _ctypes.dlopen

    def string_at(self, address, size):
        """The size bytes at address, copied (ctypes.string_at)."""
        return (self.c_char * size).from_address(address).raw

    def CDLL(self, path, use_errno=True):
        """A library whose attributes are its functions (ctypes.CDLL with use_errno)."""
        if not use_errno:
            raise ValueError("only use_errno=True is provided")
        return _Library(self._function_type, self._dlopen(path))


class _Library(object):
    def __init__(self, function_type, handle):
        self._function_type = function_type
        # CFuncPtr looks functions up in the `_handle` of the library it is given.
        self._handle = handle

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        function = self._function_type((name, self))
        setattr(self, name, function)
        return function
