"""fork() straight into new namespaces: one clone(2) with CLONE_NEW* flags, so a warm host's fork
is already PID 1 of its own pid namespace, in its own user namespace (ARCHITECTURE.md, "Warm
per-pack hosts"). os.fork() takes no flags, and unshare(CLONE_NEWPID) moves only the caller's
later children, which cost a second fork (and a second page-table copy and exit) per execution.

The clone is bracketed as os.fork() brackets glibc's fork(): PyOS_BeforeFork, then
PyOS_AfterFork_Child or _Parent (the interpreter's locks, its at-fork hooks, threading state),
all with the GIL held (ctypes.pythonapi). Like glibc's fork, it has the kernel write the child's
thread id into the thread's descriptor (CLONE_CHILD_SETTID at glibc's own offset for it, which
glibc publishes for debuggers as `_thread_db_pthread_tid`), so glibc's calls on the current
thread (raise, pthread_kill) stay right in the child. glibc's own at-fork lock resets are
skipped: only for a single-threaded caller, where no other thread can hold one.
"""

import ctypes
import os
import platform
import threading

CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID = 0x00200000, 0x01000000
SIGCHLD = 17
SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(platform.machine())

_python = ctypes.PyDLL(None, use_errno=True)  # the GIL stays held through every call
_python.syscall.restype = ctypes.c_long
_python.syscall.argtypes = [ctypes.c_long] * 6
_python.pthread_self.restype = ctypes.c_void_p
for _name in ("PyOS_BeforeFork", "PyOS_AfterFork_Child", "PyOS_AfterFork_Parent"):
    getattr(_python, _name).restype = None


_checked_address = []


def _thread_id_address():
    """Where glibc keeps the calling (main) thread's id, or None if that cannot be confirmed.
    Checked once: the main thread's descriptor stays where it is."""
    if not _checked_address:
        _checked_address.append(_find_thread_id_address())
    return _checked_address[0]


def _find_thread_id_address():
    try:
        bits, count, offset = (ctypes.c_uint32 * 3).in_dll(_python, "_thread_db_pthread_tid")
    except ValueError:
        return None  # not glibc
    if bits != 32 or count != 1:
        return None
    address = _python.pthread_self() + offset
    if ctypes.c_int.from_address(address).value != threading.get_native_id():
        return None
    return address


def _only_thread():
    """True when the process has one thread: native threads (a C extension's) count too, since
    glibc's at-fork resets are skipped and another thread could hold malloc's lock."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def available():
    """Whether this process can fork into namespaces here (x86_64 or aarch64 glibc, one thread)."""
    return SYS_CLONE is not None and _only_thread() and _thread_id_address() is not None


def fork_into_namespaces(namespace_flags):
    """Like os.fork(), the child in new namespaces (`namespace_flags`, CLONE_NEW*): 0 in the
    child, the child's pid in the parent; OSError when the kernel refuses."""
    address = _thread_id_address()
    if SYS_CLONE is None or address is None:
        raise OSError(0, "cannot fork into namespaces on this platform")
    flags = namespace_flags | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
    _python.PyOS_BeforeFork()
    # x86_64: flags, stack, parent_tid, child_tid, tls; aarch64: flags, stack, parent_tid, tls,
    # child_tid. No stack: the child goes on with a copy of ours, as after fork().
    if SYS_CLONE == 56:
        pid = _python.syscall(SYS_CLONE, flags, 0, 0, address, 0)
    else:
        pid = _python.syscall(SYS_CLONE, flags, 0, 0, 0, address)
    if pid == 0:
        _python.PyOS_AfterFork_Child()
        return 0
    error = ctypes.get_errno()
    _python.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(error, "clone: " + os.strerror(error))
    return pid
