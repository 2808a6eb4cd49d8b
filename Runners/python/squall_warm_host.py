"""A warm per-pack host: started in the pack's sandbox like an action child, it imports squall's
runtime and the st2 SDK once (never the pack's own modules: no pack code runs here) and forks one
child per execution. ARCHITECTURE.md, "Warm per-pack hosts".

Environment: SQUALL_WARM_CONTROL (a SOCK_SEQPACKET unix socket of the supervisor's, connected
once at start) and SQUALL_WARM_FILTERS (directory holding the pack's strict seccomp programs,
`filter.bpf` and `arguments.bpf`).

Per execution the supervisor sends one message "F" carrying (SCM_RIGHTS) one end of a socketpair
private to that execution. The host forks the execution's process straight into new user, pid,
mount, ipc and uts namespaces (one clone: squall_namespace_fork), PID 1 of its own pid namespace,
keeps the socket until it has reaped that process, then sends its wait status there ("S"); every
fork closes the host's copies of the other executions' sockets before anything else. The
execution's process writes its own id maps, writes "R" (the kernel
attaches its pid as the supervisor sees it), waits for "G" with its stdout/stderr pipes and a
JSON object {"environment", "directory"}, mounts its own /proc and a private /tmp and /dev/shm,
drops every capability, attaches the pack's strict seccomp filter, and runs the action exactly
as squall_action_wrapper.py does after its imports.
"""

import ctypes
import gc
import json
import os
import select
import signal
import socket
import struct
import sys

import squall_namespace_fork

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP, PR_SET_SECCOMP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 22, 47, 4
SECCOMP_MODE_FILTER = 2
HOST_IDS = (os.getuid(), os.getgid())

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, "%s: %s" % (what, os.strerror(error)))


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def load_filters(directory):
    programs = []
    for name in ("arguments.bpf", "filter.bpf"):  # the launcher's order: arguments first
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, "rb") as handle:
                programs.append(handle.read())
    return programs


def attach_filters(programs):
    for program in programs:
        buffer = ctypes.create_string_buffer(program, len(program))
        fprog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_char_p))
        check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0), "seccomp")


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities():
    """The launcher's steps 25 and 26: empty bounding, ambient, then every other set."""
    for capability in range(64):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break  # past the kernel's last capability
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = CapHeader(0x20080522, 0)
    data = (CapData * 2)()
    check(libc.capset(ctypes.byref(header), data), "capset")


def own_id_maps():
    """In a fork just cloned into new namespaces: its user namespace's only ids are our own (the
    pack's) uid and gid."""
    uid, gid = HOST_IDS  # in the new namespace, before its maps, we are the overflow ids
    # The host is non-dumpable (as every child of the launcher), which makes our /proc/self
    # files root's: dumpable just long enough to write our own id maps (no pack code runs yet).
    check(libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), "dumpable")
    for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", "%d %d 1\n" % (uid, uid)),
                       ("/proc/self/gid_map", "%d %d 1\n" % (gid, gid))):
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)
    check(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "dumpable")


MS_BIND, MS_REC = 4096, 16384


def mounts_under(directory):
    """Mount points below `directory` in this mount namespace, parents first (mountinfo order)."""
    prefix = directory.rstrip("/") + "/"
    found = []
    with open("/proc/self/mountinfo") as handle:
        for line in handle:
            point = line.split(" ")[4]
            for escaped, plain in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
                point = point.replace(escaped, plain)
            if point.startswith(prefix) and point not in found:
                found.append(point)
    return found


def private_mounts(tmp_bytes, under_tmp):
    """In the execution's process (PID 1 of its pid namespace): a /proc that shows only its own
    processes, and its own /tmp and /dev/shm, gone with its mount namespace. What the launcher
    bound below the host's /tmp (a data directory under /tmp: the venv, the channel; `under_tmp`,
    read once by the host: its view never changes, and each keeper's copy has the same points)
    is bound again into the new /tmp, through descriptors opened before it covers them."""
    check(libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None), "mount /proc")
    nested = [(point, os.open(point, os.O_PATH | os.O_CLOEXEC)) for point in under_tmp]
    options = ("mode=0700,size=%d" % tmp_bytes).encode()
    check(libc.mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, options), "mount /tmp")
    for point, fd in nested:
        if os.path.isdir("/proc/self/fd/%d" % fd):
            os.makedirs(point, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(point), exist_ok=True)
            os.close(os.open(point, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600))
        source = ("/proc/self/fd/%d" % fd).encode()
        check(libc.mount(source, point.encode(), None, MS_BIND | MS_REC, None), "bind " + point)
        os.close(fd)
    if os.path.isdir("/dev/shm"):
        check(libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0700,size=67108864"), "mount /dev/shm")


PRIVATE_CHANNEL_DIRECTORY = "/tmp/.squall-channel"


def private_channel(endpoint):
    """Moves our channel out of the host's shared channel directory and covers that directory, so
    nothing run here can even try another execution's channel. Returns the endpoint to use."""
    path = endpoint[len("ipc://"):]
    own = os.path.dirname(path)
    shared = os.path.dirname(own)
    fd = os.open(own, os.O_PATH | os.O_CLOEXEC)
    check(libc.mount(b"tmpfs", shared.encode(), b"tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, b"mode=0,size=4096"), "cover channels")
    os.mkdir(PRIVATE_CHANNEL_DIRECTORY, 0o700)
    check(libc.mount(("/proc/self/fd/%d" % fd).encode(), PRIVATE_CHANNEL_DIRECTORY.encode(), None, MS_BIND, None), "bind channel")
    os.close(fd)
    return "ipc://" + PRIVATE_CHANNEL_DIRECTORY + "/" + os.path.basename(path)


def receive_go(connection):
    message, ancillary, _, _ = connection.recvmsg(1 << 20, socket.CMSG_SPACE(2 * 4))
    if not message.startswith(b"G"):
        os._exit(125)
    fds = []
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.extend(struct.unpack("%di" % (len(data) // 4), data[: len(data) - len(data) % 4]))
    if len(fds) != 2:
        os._exit(125)
    return json.loads(message[1:].decode()), fds


def execution_process(connection, filters, tmp_bytes, under_tmp):
    """Becomes the execution: never returns."""
    exit_code = 1
    try:
        os.setsid()  # its own process group, as a cold child: kill(-pid) reaches all of it
        connection.send(b"R")
        go, (stdout_fd, stderr_fd) = receive_go(connection)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        os.close(stdout_fd)
        os.close(stderr_fd)
        connection.close()
        private_mounts(tmp_bytes, under_tmp)
        environment = go["environment"]
        environment["SQUALL_CHANNEL"] = private_channel(environment["SQUALL_CHANNEL"])
        # Non-dumpable, as a cold child is: nothing of our uid may read our memory or environ.
        check(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "dumpable")
        drop_capabilities()
        attach_filters(filters)
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(go["directory"])
        import squall_action_wrapper
        sys.argv = [squall_action_wrapper.__file__]
        squall_action_wrapper.exit_without_teardown(squall_action_wrapper.main())
    except SystemExit as exit:
        exit_code = exit.code if isinstance(exit.code, int) else 1
        # The wrapper asks for the interpreter's normal exit while non-daemon threads run; the
        # os._exit below skips it, so do what it does: wait for them, then run atexit functions.
        try:
            threading = sys.modules.get("threading")
            if threading is not None:
                threading._shutdown()
            import atexit
            atexit._run_exitfuncs()
        except BaseException:
            import traceback
            traceback.print_exc()
    except BaseException:
        import traceback
        traceback.print_exc()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(exit_code)


def become_execution(connection, host_sockets, host_fds, filters, tmp_bytes, under_tmp):
    """In the host's fork, already in its own namespaces: never returns."""
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # Before anything else: the control socket, the wake-up pipe and the sockets of the
        # host's other executions (so no fork can report for, or hold open, another's).
        for host_socket in host_sockets:
            host_socket.close()
        for fd in host_fds:
            os.close(fd)
        own_id_maps()
    except BaseException as error:
        try:
            connection.send(b"E" + ("%s" % error).encode()[:4000])
        except OSError:
            pass
        os._exit(1)
    execution_process(connection, filters, tmp_bytes, under_tmp)


class Executions:
    """The host's forks still running, each with its execution's socket, on which the host sends
    the fork's wait status ("S") once it has reaped it: the supervisor's exit descriptor."""

    def __init__(self):
        self.sockets = {}
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        # SIGCHLD only writes a byte to the pipe; the loop below reaps.
        signal.set_wakeup_fd(self.wake_write, warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda number, frame: None)

    def descriptors(self):
        return [self.wake_read, self.wake_write]

    def reap(self):
        try:
            while os.read(self.wake_read, 512):
                pass
        except BlockingIOError:
            pass
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.sockets.pop(pid, None)
            if connection is not None:
                try:
                    connection.send(b"S" + struct.pack("i", status), socket.MSG_DONTWAIT)
                except OSError:
                    pass  # the supervisor gave up on it already
                connection.close()


def fork_execution(control, executions, connection, filters, tmp_bytes, network, under_tmp):
    flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
    if network:
        flags |= CLONE_NEWNET
    try:
        pid = squall_namespace_fork.fork_into_namespaces(flags)
    except OSError as error:
        try:
            connection.send(b"E" + ("%s" % error).encode()[:4000])
        except OSError:
            pass
        connection.close()
        return
    if pid == 0:
        become_execution(connection, [control] + list(executions.sockets.values()), executions.descriptors(),
                         filters, tmp_bytes, under_tmp)
    executions.sockets[pid] = connection


def serve(control, filters, tmp_bytes, network, under_tmp):
    executions = Executions()
    poller = select.poll()
    poller.register(control, select.POLLIN)
    poller.register(executions.wake_read, select.POLLIN)
    while True:
        ready = [fd for fd, _ in poller.poll()]
        if executions.wake_read in ready:
            executions.reap()
        if control.fileno() not in ready:
            continue
        message, ancillary, _, _ = control.recvmsg(16, socket.CMSG_SPACE(4))
        if not message:
            return  # the supervisor closed the control socket
        fds = []
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.extend(struct.unpack("%di" % (len(data) // 4), data[: len(data) - len(data) % 4]))
        if message != b"F" or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            continue
        fork_execution(control, executions, socket.socket(fileno=fds[0]), filters, tmp_bytes, network, under_tmp)


def warm_imports():
    """What every action child imports anyway, so forks start with it loaded."""
    import squall_action_wrapper  # noqa: F401
    import squall_runtime  # noqa: F401
    from squall_runtime import action_service, channel, pack_bytecode, st2_json, logs, libzmq_dealer  # noqa: F401
    import st2common.runners.base_action  # noqa: F401
    # Every fork opens its channel with libzmq: mapped and relocated once here, its pages are
    # shared instead of each fork's own (about 1.3 MB less unique memory per fork).
    libzmq_dealer.preload()


def main():
    warm_imports()
    # Everything loaded so far lives as long as the host: out of the collector's reach, a fork's
    # collections never write to those objects' pages, which stay shared with the host.
    gc.collect()
    gc.freeze()
    filters = load_filters(os.environ["SQUALL_WARM_FILTERS"])
    tmp_bytes = int(os.environ.get("SQUALL_WARM_TMP_BYTES", str(256 << 20)))
    network = os.environ.get("SQUALL_WARM_NEW_NETWORK") == "1"
    control = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    control.connect(os.environ["SQUALL_WARM_CONTROL"])
    for name in list(os.environ):
        if name.startswith("SQUALL_WARM_"):
            del os.environ[name]
    if not squall_namespace_fork.available():
        sys.exit("warm host: cannot fork into namespaces here (needs glibc on x86_64 or aarch64)")
    control.send(b"W")
    serve(control, filters, tmp_bytes, network, mounts_under("/tmp"))
    os._exit(0)


if __name__ == "__main__":
    main()
