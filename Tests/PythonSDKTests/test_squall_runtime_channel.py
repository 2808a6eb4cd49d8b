"""The action channel against a real ZeroMQ ROUTER (pyzmq), over both of its sockets: the libzmq
of pyzmq's wheel called through ctypes, and pyzmq itself."""

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import zmq

from squall_runtime import channel as channel_module
from squall_runtime import libzmq_dealer

RUNTIME = os.path.dirname(os.path.dirname(os.path.abspath(channel_module.__file__)))


class Supervisor(object):
    """A ROUTER on a private ipc:// endpoint, as squall's supervisor binds one."""

    def __init__(self):
        self.directory = tempfile.mkdtemp()
        self.endpoint = "ipc://%s/channel" % self.directory
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.ROUTER)
        self.socket.rcvtimeo = 10000
        self.socket.bind(self.endpoint)
        self.child = None

    def receive(self):
        frames = self.socket.recv_multipart()
        self.child = frames[0]
        return frames[1:]

    def send(self, *frames):
        self.socket.send_multipart([self.child] + list(frames))

    def close(self):
        self.socket.close(linger=0)
        self.context.term()
        shutil.rmtree(self.directory)


class ChannelTestMixin(object):
    """The same conversation for either socket; `make_channel` picks it."""

    def setUp(self):
        self.supervisor = Supervisor()
        self.channel = self.make_channel(self.supervisor.endpoint)

    def tearDown(self):
        self.supervisor.close()

    def test_messages_both_ways(self):
        self.channel.send({"type": "hello", "execution_id": "e1", "pid": 7})
        self.assertEqual(self.supervisor.receive(), [b'{"type": "hello", "execution_id": "e1", "pid": 7}'])
        large = "é" * 300000
        self.supervisor.send(('{"type": "execute", "parameters": {"text": "%s"}}' % large).encode("utf-8"))
        self.assertEqual(self.channel.receive(), {"type": "execute", "parameters": {"text": large}})
        self.channel.close()

    def test_a_multipart_message_is_read_whole_and_its_last_frame_used(self):
        self.channel.send({"type": "hello"})
        self.supervisor.receive()
        self.supervisor.send(b"", b'{"type": "first"}', b'{"type": "last"}')
        self.supervisor.send(b'{"type": "next"}')
        self.assertEqual(self.channel.receive(), {"type": "last"})
        self.assertEqual(self.channel.receive(), {"type": "next"})
        self.channel.close()

    def test_datastore_request_waits_for_its_own_reply(self):
        self.channel.send({"type": "hello"})
        self.supervisor.receive()
        self.supervisor.send(b'{"type": "datastore_reply", "id": 99, "ok": true, "value": "stale"}')
        self.supervisor.send(b'{"type": "datastore_reply", "id": 1, "ok": true, "value": "fresh"}')
        self.assertEqual(self.channel.request_datastore("get_value", {"name": "k"}), "fresh")
        self.assertEqual(self.supervisor.receive(),
                         [b'{"type": "datastore", "id": 1, "op": "get_value", "args": {"name": "k"}}'])
        self.supervisor.send(b'{"type": "datastore_reply", "id": 2, "ok": false, "error": "no such key"}')
        with self.assertRaisesRegex(channel_module.SupervisorError, "no such key"):
            self.channel.request_datastore("get_value", {"name": "k"})
        self.channel.close()

    def test_close_delivers_what_was_queued(self):
        self.channel.send({"type": "result", "status": None, "result": 1})
        self.channel.close()
        self.assertEqual(self.supervisor.receive(), [b'{"type": "result", "status": null, "result": 1}'])


class LibzmqChannelTest(ChannelTestMixin, unittest.TestCase):
    def make_channel(self, endpoint):
        channel = channel_module.Channel(endpoint)
        self.assertIsInstance(channel._socket, libzmq_dealer.Dealer)
        return channel


class PyzmqChannelTest(ChannelTestMixin, unittest.TestCase):
    def make_channel(self, endpoint):
        channel = channel_module.Channel(endpoint, connect=channel_module.PyzmqDealer)
        self.assertIsInstance(channel._socket, channel_module.PyzmqDealer)
        return channel


class LibzmqDealerTest(unittest.TestCase):
    def test_the_library_is_the_one_pyzmq_loads(self):
        path = libzmq_dealer.bundled_library()
        self.assertIsNotNone(path, "pyzmq's wheel ships libzmq")
        mapped = [line.split()[-1] for line in open("/proc/self/maps") if "libzmq" in line]
        self.assertIn(os.path.realpath(path), {os.path.realpath(name) for name in mapped})

    def test_the_functions_are_found_through_pyzmqs_extension_too(self):
        # pyzmq <= 25's libzmq loads only through the extension's RPATH: the same lookup, proven here.
        import ctypes

        package = os.path.dirname(zmq.__file__)
        extension = libzmq_dealer._backend_extension(package)
        self.assertIsNotNone(extension)
        library = libzmq_dealer._Library(ctypes, ctypes.CDLL(extension, use_errno=True))
        supervisor = Supervisor()
        try:
            dealer = libzmq_dealer.Dealer(library, supervisor.endpoint)
            dealer.send(b"through the extension")
            self.assertEqual(supervisor.receive(), [b"through the extension"])
            dealer.close(0)
        finally:
            supervisor.close()

    def test_a_libzmq_error_names_the_call_and_the_reason(self):
        with self.assertRaises(libzmq_dealer.ZmqError) as raised:
            libzmq_dealer.connect("nonsense://nowhere")
        self.assertIn("zmq_connect", str(raised.exception))
        self.assertIn("Protocol not supported", str(raised.exception))
        self.assertEqual(raised.exception.errno, errno.EPROTONOSUPPORT)

    def test_opening_the_channel_imports_neither_pyzmq_nor_json_nor_ctypes(self):
        supervisor = Supervisor()
        try:
            probe = ("import sys\n"
                     "from squall_runtime.channel import Channel\n"
                     "channel = Channel(sys.argv[1])\n"
                     "channel.send({'type': 'hello'})\n"
                     "channel.close()\n"
                     "print(' '.join(sorted(name for name in ('ctypes', 'zmq', 'json', 're', 'typing', 'enum', 'platform')"
                     " if name in sys.modules)))\n")
            output = subprocess.run([sys.executable, "-s", "-c", probe, supervisor.endpoint],
                                    stdout=subprocess.PIPE, check=True, env=dict(os.environ, PYTHONPATH=RUNTIME))
            self.assertEqual(output.stdout, b"\n")
            self.assertEqual(supervisor.receive(), [b'{"type": "hello"}'])
        finally:
            supervisor.close()

    def test_a_pyzmq_without_a_bundled_libzmq_is_not_used_directly(self):
        directory = tempfile.mkdtemp()
        try:
            os.makedirs(os.path.join(directory, "zmq", "backend", "cython"))
            open(os.path.join(directory, "zmq", "__init__.py"), "w").close()
            probe = ("from squall_runtime import libzmq_dealer\n"
                     "print(libzmq_dealer.bundled_library(), libzmq_dealer.connect('ipc:///nowhere'))\n")
            output = subprocess.run([sys.executable, "-s", "-c", probe], stdout=subprocess.PIPE, check=True,
                                    env=dict(os.environ, PYTHONPATH=directory + ":" + RUNTIME))
            self.assertEqual(output.stdout, b"None None\n")
        finally:
            shutil.rmtree(directory)
