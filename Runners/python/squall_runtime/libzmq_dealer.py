"""A ZeroMQ DEALER socket that calls the libzmq shipped inside pyzmq's wheel through ctypes.

The action channel needs six libzmq calls. Importing pyzmq to make them pulls in enum, typing, re,
threading and platform, which costs about three times a bare interpreter's start-up; ctypes and
the library cost about a tenth of it (callgrind instruction counts). The library is the very file
pyzmq's own extension links, so an action that imports zmq itself loads nothing twice.
`connect` returns None when no such file is found (a pyzmq built against a system libzmq, say);
the caller then uses pyzmq.
"""

import posix

# libzmq's ABI constants (zmq.h); they have not changed since libzmq 3.
_DEALER = 5
_LINGER = 17
_EINTR = 4



def _pyzmq_package():
    """The directory of the zmq package `import zmq` would load, or None."""
    try:
        from _frozen_importlib_external import PathFinder
    except ImportError:
        from importlib.machinery import PathFinder
    spec = PathFinder.find_spec("zmq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return spec.submodule_search_locations[0]


def _first_file(directory, accept):
    try:
        names = sorted(posix.listdir(directory))
    except OSError:
        return None
    for name in names:
        if accept(name):
            return directory + "/" + name
    return None


def bundled_library(package=None):
    """The libzmq file of the importable pyzmq's wheel, or None. Wheels keep it where auditwheel
    puts a package's libraries: `pyzmq.libs` beside the package (pyzmq 22-27), `zmq/.libs` before."""
    package = package or _pyzmq_package()
    if package is None:
        return None
    site = package.rpartition("/")[0]
    for directory in (site + "/pyzmq.libs", package + "/.libs"):
        path = _first_file(directory, lambda name: name.startswith("libzmq") and ".so" in name)
        if path is not None:
            return path
    return None


def _backend_extension(package):
    """A compiled module of pyzmq's Cython backend: `_zmq` (pyzmq >= 26) or `socket` (before)."""
    return _first_file(package + "/backend/cython",
                       lambda name: name.startswith(("_zmq.", "socket.")) and name.endswith(".so"))


def _open_library(ctypes, package):
    path = bundled_library(package)
    if path is None:
        return None
    try:
        # use_errno: ctypes keeps each call's errno, which later Python code could overwrite.
        return ctypes.CDLL(path, use_errno=True)
    except OSError:
        # pyzmq <= 25: the library finds its libsodium only through the RPATH of pyzmq's
        # extension; open that (without initialising it) and look the functions up through it.
        extension = _backend_extension(package)
        if extension is None:
            raise
        return ctypes.CDLL(extension, use_errno=True)


# The library a warm host loaded before forking (`preload`): its forks share its pages.
_preloaded = None


def preload():
    """Loads the library and looks its functions up now, for a warm host's forks to inherit."""
    global _preloaded
    package = _pyzmq_package()
    if package is None:
        return
    from squall_runtime import ctypes_core

    try:
        cdll = _open_library(ctypes_core.load(), package)
        if cdll is not None:
            _preloaded = _Library(ctypes_core.load(), cdll)
    except (ImportError, OSError, AttributeError):
        pass


def connect(endpoint):
    """A connected DEALER on the bundled libzmq, or None when there is none to load."""
    if _preloaded is not None:
        return Dealer(_preloaded, endpoint)
    package = _pyzmq_package()
    if package is None:
        return None
    from squall_runtime import ctypes_core

    try:
        ctypes = ctypes_core.load()
    except ImportError:
        return None
    try:
        cdll = _open_library(ctypes, package)
        if cdll is None:
            return None
        library = _Library(ctypes, cdll)
    except (OSError, AttributeError):
        return None
    return Dealer(library, endpoint)


class ZmqError(OSError):
    """A libzmq call failed (errno and libzmq's message)."""


class _Library(object):
    """The libzmq functions the dealer calls, with their C signatures."""

    def __init__(self, ctypes, cdll):
        self.ctypes = ctypes
        pointer, integer, size = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
        # zmq_msg_t: 64 opaque bytes, pointer-aligned.
        self.Message = ctypes.c_uint64 * 8
        message = ctypes.POINTER(self.Message)
        signatures = {
            "zmq_ctx_new": (pointer, []),
            "zmq_ctx_term": (integer, [pointer]),
            "zmq_socket": (pointer, [pointer, integer]),
            "zmq_setsockopt": (integer, [pointer, integer, pointer, size]),
            "zmq_connect": (integer, [pointer, ctypes.c_char_p]),
            "zmq_send": (integer, [pointer, ctypes.c_char_p, size, integer]),
            "zmq_msg_init": (integer, [message]),
            "zmq_msg_recv": (integer, [message, pointer, integer]),
            "zmq_msg_data": (pointer, [message]),
            "zmq_msg_size": (size, [message]),
            "zmq_msg_more": (integer, [message]),
            "zmq_msg_close": (integer, [message]),
            "zmq_close": (integer, [pointer]),
            "zmq_strerror": (ctypes.c_char_p, [integer]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(cdll, name)
            function.restype = restype
            function.argtypes = argtypes
            setattr(self, name[4:], function)

    def check(self, result, call):
        """Returns result, or raises ZmqError when the call failed (-1 or NULL)."""
        if result is None or result == -1:
            number = self.ctypes.get_errno()
            raise ZmqError(number, "%s: %s" % (call, self.strerror(number).decode("utf-8", "replace")))
        return result

    def retrying(self, call, function, *arguments):
        """Calls function until it is not interrupted by a signal (Python's handlers run between)."""
        while True:
            result = function(*arguments)
            if result != -1 or self.ctypes.get_errno() != _EINTR:
                return self.check(result, call)


class Dealer(object):
    """One context and one connected DEALER socket; not thread-safe (the channel locks)."""

    def __init__(self, library, endpoint):
        self._lib = library
        self._context = library.check(library.ctx_new(), "zmq_ctx_new")
        self._socket = library.check(library.socket(self._context, _DEALER), "zmq_socket")
        try:
            library.check(library.connect(self._socket, endpoint.encode("utf-8")), "zmq_connect")
        except ZmqError:
            self.close(0)
            raise

    def send(self, frame):
        """Queues one single-frame message (bytes)."""
        self._lib.retrying("zmq_send", self._lib.send, self._socket, frame, len(frame), 0)

    def recv_multipart(self):
        """Blocks for the next message; returns its frames as bytes."""
        lib, frames = self._lib, []
        while True:
            message = lib.Message()
            lib.check(lib.msg_init(message), "zmq_msg_init")
            try:
                lib.retrying("zmq_msg_recv", lib.msg_recv, message, self._socket, 0)
                frames.append(lib.ctypes.string_at(lib.msg_data(message), lib.msg_size(message)))
                more = lib.msg_more(message)
            finally:
                lib.msg_close(message)
            if not more:
                return frames

    def close(self, linger_ms):
        """Waits up to linger_ms for queued messages to leave, then releases socket and context."""
        linger = self._lib.ctypes.c_int(linger_ms)
        self._lib.setsockopt(self._socket, _LINGER, self._lib.ctypes.byref(linger), 4)
        self._lib.close(self._socket)
        self._lib.retrying("zmq_ctx_term", self._lib.ctx_term, self._context)
