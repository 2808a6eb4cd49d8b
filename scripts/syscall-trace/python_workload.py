"""What Python actions commonly do, run under strace to derive the seccomp allowlist.

Run by trace.sh with a pack-style virtualenv's python (pyzmq installed); never asserts anything
about the host, it only exercises: start-up, threads, subprocess, asyncio TCP on loopback, DNS of
localhost, files and directories, ssl, multiprocessing, signals, timers, and a ZeroMQ round trip.
"""
import asyncio
import hashlib
import json
import multiprocessing
import os
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import http.server


def threads():
    results = []
    workers = [threading.Thread(target=lambda n=n: results.append(hashlib.sha256(bytes(n)).hexdigest())) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    lock = threading.Condition()
    with lock:
        lock.wait(0.01)


def processes():
    subprocess.run(["/bin/sh", "-c", "echo from-sh | cat >/dev/null"], check=True)
    subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    with subprocess.Popen(["/bin/sleep", "5"]) as child:
        child.terminate()
        child.wait()
    os.system("true")
    with multiprocessing.Pool(2) as pool:
        pool.map(abs, range(4))
    queue = multiprocessing.Queue()
    queue.put("x")
    queue.get()


def files():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "data.json")
        with open(path, "w") as handle:
            json.dump({"ok": True}, handle)
        shutil.copy(path, path + ".copy")
        shutil.copytree(directory, directory + "-tree")
        shutil.rmtree(directory + "-tree")
        os.rename(path + ".copy", path + ".moved")
        os.symlink(path, path + ".link")
        os.readlink(path + ".link")
        os.chmod(path, 0o600)
        os.utime(path)
        os.truncate(path, 1)
        for _ in os.walk(directory):
            pass
        os.statvfs(directory)
        with open(path, "rb") as handle:
            os.fstat(handle.fileno())
            handle.seek(0)
            handle.read()
        fd = os.open(path, os.O_RDWR)
        os.fsync(fd)
        os.fdatasync(fd)
        os.lockf(fd, os.F_LOCK, 0)
        os.close(fd)
        os.mkfifo(os.path.join(directory, "fifo"))
    os.getcwd(); os.getuid(); os.getgroups(); os.getloadavg(); os.cpu_count(); os.uname(); os.times()


def network():
    socket.getaddrinfo("localhost", 80)
    socket.gethostname()

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    urllib.request.urlopen("http://127.0.0.1:%d/" % server.server_address[1]).read()
    server.shutdown()
    thread.join()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.sendto(b"x", ("127.0.0.1", 9))
    udp.close()
    ssl.create_default_context()

    async def echo():
        async def handle(reader, writer):
            writer.write(await reader.read(10))
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping")
        await writer.drain()
        await reader.read(10)
        writer.close()
        server.close()
        await server.wait_closed()
        await asyncio.sleep(0.01)
        await asyncio.get_running_loop().run_in_executor(None, time.sleep, 0.01)

    asyncio.run(echo())


def zeromq():
    import zmq
    context = zmq.Context()
    directory = tempfile.mkdtemp()
    for endpoint in ["ipc://" + directory + "/channel", "tcp://127.0.0.1:0"]:
        router = context.socket(zmq.ROUTER)
        router.bind(endpoint)
        dealer = context.socket(zmq.DEALER)
        dealer.connect(router.getsockopt(zmq.LAST_ENDPOINT).decode())
        dealer.send(b"ping")
        identity, message = router.recv_multipart()
        router.send_multipart([identity, message])
        poller = zmq.Poller()
        poller.register(dealer, zmq.POLLIN)
        poller.poll(1000)
        dealer.recv()
        dealer.close(0)
        router.close(0)
    context.term()
    shutil.rmtree(directory)


def signals_and_time():
    signal.signal(signal.SIGUSR1, lambda *_: None)
    os.kill(os.getpid(), signal.SIGUSR1)
    signal.setitimer(signal.ITIMER_REAL, 0.01)
    signal.signal(signal.SIGALRM, lambda *_: None)
    time.sleep(0.02)
    time.monotonic(); time.process_time(); time.time()
    select.select([], [], [], 0)
    poller = select.epoll()
    poller.close()


def attempt(call, *arguments, **keywords):
    """Calls a stdlib function whose syscall is wanted in the trace; its outcome does not matter."""
    try:
        return call(*arguments, **keywords)
    except (OSError, ValueError, AttributeError, NotImplementedError):
        return None


def os_module_calls():
    """The os, signal, mmap and socket functions pack code reaches for (their docs name the call)."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "file")
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        os.pwrite(fd, b"abcd", 0); os.pread(fd, 4, 0)
        os.writev(fd, [b"ef", b"gh"]); os.lseek(fd, 0, 0); os.readv(fd, [bytearray(2), bytearray(2)])
        attempt(os.pwritev, fd, [b"ij"], 0); attempt(os.preadv, fd, [bytearray(2)], 0)
        attempt(os.preadv, fd, [bytearray(2)], 0, os.RWF_HIPRI if hasattr(os, "RWF_HIPRI") else 0)
        attempt(os.posix_fallocate, fd, 0, 4096); os.ftruncate(fd, 8)
        copy = os.dup(fd); os.dup2(fd, copy, inheritable=False); os.close(copy)
        with open(path, "r+b") as handle:
            import mmap
            mapped = mmap.mmap(handle.fileno(), 8)
            mapped[0:1] = b"z"; mapped.flush(); mapped.close()
        attempt(os.setxattr, path, "user.squall", b"1"); attempt(os.getxattr, path, "user.squall")
        attempt(os.listxattr, path); attempt(os.removexattr, path, "user.squall")
        directory_fd = os.open(directory, os.O_RDONLY)
        os.mkdir("sub", dir_fd=directory_fd); os.symlink("file", "link", dir_fd=directory_fd)
        os.readlink("link", dir_fd=directory_fd)
        os.link("file", "hard", src_dir_fd=directory_fd, dst_dir_fd=directory_fd, follow_symlinks=False)
        os.rename("hard", "moved", src_dir_fd=directory_fd, dst_dir_fd=directory_fd)
        attempt(os.chown, path, os.getuid(), os.getgid()); attempt(os.lchown, path, os.getuid(), os.getgid())
        os.close(directory_fd)
        os.sync()
        os.close(fd)
    attempt(os.memfd_create, "workload"); attempt(os.eventfd, 0)
    os.getpgid(0); os.getsid(0); attempt(os.setsid); os.getresuid(); os.getresgid()
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, resource.getrlimit(resource.RLIMIT_CORE))
    os.sched_yield(); os.sched_setaffinity(0, os.sched_getaffinity(0))
    os.sched_get_priority_max(os.SCHED_OTHER); os.sched_get_priority_min(os.SCHED_OTHER)
    attempt(os.sched_rr_get_interval, 0); attempt(os.sched_setparam, 0, os.sched_param(0))
    time.clock_getres(time.CLOCK_MONOTONIC)
    child = subprocess.Popen(["/bin/sleep", "5"])
    pidfd = attempt(os.pidfd_open, child.pid)
    if pidfd is not None:
        attempt(signal.pidfd_send_signal, pidfd, signal.SIGTERM)
        os.close(pidfd)
    attempt(os.waitid, os.P_PID, child.pid, os.WEXITED)
    signal.signal(signal.SIGUSR2, lambda *_: None)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
    signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)
    signal.sigpending(); signal.sigtimedwait([signal.SIGUSR2], 0.01)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR2])
    signal.raise_signal(signal.SIGUSR2)
    signal.getitimer(signal.ITIMER_REAL)
    signal.signal(signal.SIGALRM, lambda *_: None)
    signal.alarm(0)
    signal.setitimer(signal.ITIMER_REAL, 0.01)
    signal.pause()
    left, right = socket.socketpair(socket.AF_UNIX)
    left.sendmsg([b"x"])
    right.recvmsg(1)
    left.close(); right.close()


for step in (threads, processes, files, network, zeromq, signals_and_time, os_module_calls):
    step()
print("workload done")
