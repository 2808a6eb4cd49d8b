"""The dealer's few ctypes names, made from _ctypes, behave as ctypes' own for what it calls."""

import ctypes
import errno
import unittest

from squall_runtime import ctypes_core

LIBC = "libc.so.6"


class CtypesCoreTest(unittest.TestCase):
    def setUp(self):
        self.core = ctypes_core.load()
        self.assertIsInstance(self.core, ctypes_core._CtypesCore, "CPython's _ctypes has all it needs")

    def test_the_types_have_ctypes_sizes(self):
        for name in ["c_int", "c_char", "c_char_p", "c_void_p", "c_uint64", "c_size_t"]:
            self.assertEqual(ctypes.sizeof(getattr(self.core, name)), ctypes.sizeof(getattr(ctypes, name)), name)
        self.assertEqual(ctypes.sizeof(self.core.c_uint64 * 8), 64)

    def test_calls_give_what_ctypes_gives(self):
        ours = self.core.CDLL(LIBC)
        theirs = ctypes.CDLL(LIBC, use_errno=True)
        for library, types in ((ours, self.core), (theirs, ctypes)):
            library.strlen.restype = types.c_size_t
            library.strlen.argtypes = [types.c_char_p]
            library.getenv.restype = types.c_char_p
            library.getenv.argtypes = [types.c_char_p]
            library.memchr.restype = types.c_void_p
            library.memchr.argtypes = [types.c_char_p, types.c_int, types.c_size_t]
        self.assertEqual(ours.strlen(b"squall\0hidden"), theirs.strlen(b"squall\0hidden"))
        self.assertEqual(ours.getenv(b"PATH"), theirs.getenv(b"PATH"))
        self.assertIsNone(ours.getenv(b"SQUALL_SURELY_UNSET_VARIABLE"))
        text = b"find the x here"
        found = ours.memchr(text, ord("x"), len(text))
        self.assertEqual(self.core.string_at(found, 6), b"x here")
        self.assertEqual(self.core.string_at(found, 0), b"")

    def test_errno_is_kept_per_call(self):
        library = self.core.CDLL(LIBC)
        self.assertEqual(library.close(-1), -1)
        self.assertEqual(self.core.get_errno(), errno.EBADF)

    def test_pointers_and_references(self):
        library = self.core.CDLL(LIBC)
        message_type = self.core.c_uint64 * 8
        library.memset.restype = self.core.c_void_p
        library.memset.argtypes = [self.core.POINTER(message_type), self.core.c_int, self.core.c_size_t]
        message = message_type()
        library.memset(message, 0xAB, 16)
        self.assertEqual(list(message), [0xABABABABABABABAB] * 2 + [0] * 6)
        library.memcpy.restype = self.core.c_void_p
        library.memcpy.argtypes = [self.core.c_void_p, self.core.c_char_p, self.core.c_size_t]
        target = self.core.c_int(0)
        library.memcpy(self.core.byref(target), (4242).to_bytes(4, "little"), 4)
        self.assertEqual(target.value, 4242)

    def test_a_missing_function_is_an_attribute_error(self):
        with self.assertRaises(AttributeError):
            self.core.CDLL(LIBC).squall_no_such_function
