"""A minimal ZeroMQ DEALER over ipc://, speaking ZMTP 3.0 with the NULL mechanism.

Why not pyzmq: `import zmq` alone costs ~30 ms, more than twice a bare interpreter start, and a
compiled extension would have to match every pack virtualenv's Python. The child needs only one
connection to one ROUTER, so the wire protocol (rfc.zeromq.org/spec/23) is implemented directly on
a Unix socket with nothing but the interpreter's built-in `_socket` module (the `socket` wrapper
module would pull in enum and selectors: ~4 ms more).
"""

import _socket
import struct

_FLAG_MORE = 0x01
_FLAG_LONG = 0x02
_FLAG_COMMAND = 0x04


class ZmtpError(Exception):
    pass


def _greeting():
    # signature (0xFF, 8 padding bytes, 0x7F), version 3.0, mechanism "NULL" padded to 20 bytes,
    # as-server 0, 31 bytes of filler: 64 bytes in all.
    return (b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00")
            + b"\x00" + b"\x00" * 31)


def _frame(body, flags=0):
    if len(body) > 255:
        return bytes((flags | _FLAG_LONG,)) + struct.pack(">Q", len(body)) + body
    return bytes((flags, len(body))) + body


def _ready_command(socket_type):
    name = b"Socket-Type"
    prop = bytes((len(name),)) + name + struct.pack(">I", len(socket_type)) + socket_type
    return _frame(b"\x05READY" + prop, _FLAG_COMMAND)


class DealerConnection(object):
    """One DEALER connected to one ROUTER. Messages are lists of bytes frames."""

    def __init__(self, endpoint):
        if not endpoint.startswith("ipc://"):
            raise ZmtpError("only ipc:// endpoints are supported: %r" % (endpoint,))
        self._sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        self._sock.connect(endpoint[len("ipc://"):])
        self._buffer = bytearray()
        self._sock.sendall(_greeting())
        self._read_greeting()
        self._sock.sendall(_ready_command(b"DEALER"))
        self._read_ready()

    def _read_exactly(self, count):
        buffer = self._buffer
        while len(buffer) < count:
            chunk = self._sock.recv(max(65536, count - len(buffer)))
            if not chunk:
                raise ZmtpError("connection closed by the supervisor")
            buffer += chunk
        data = bytes(buffer[:count])
        del buffer[:count]
        return data

    def _read_greeting(self):
        greeting = self._read_exactly(64)
        if greeting[0] != 0xFF or not greeting[9] & 0x01 or greeting[10] < 3:
            raise ZmtpError("peer does not speak ZMTP 3")
        if greeting[12:32].rstrip(b"\x00") != b"NULL":
            raise ZmtpError("peer wants a security mechanism other than NULL")

    def _read_frame(self):
        flags = self._read_exactly(1)[0]
        if flags & _FLAG_LONG:
            size = struct.unpack(">Q", self._read_exactly(8))[0]
        else:
            size = self._read_exactly(1)[0]
        return flags, self._read_exactly(size)

    def _read_ready(self):
        flags, body = self._read_frame()
        if not flags & _FLAG_COMMAND or not body.startswith(b"\x05READY"):
            if flags & _FLAG_COMMAND and body.startswith(b"\x05ERROR"):
                raise ZmtpError("handshake refused: %r" % (body[7:],))
            raise ZmtpError("expected READY from the supervisor")

    def send(self, frames):
        out = []
        last = len(frames) - 1
        for index, frame in enumerate(frames):
            out.append(_frame(frame, _FLAG_MORE if index < last else 0))
        self._sock.sendall(b"".join(out))

    def recv(self):
        frames = []
        while True:
            flags, body = self._read_frame()
            if flags & _FLAG_COMMAND:
                # ZMTP 3.1 heartbeats; libzmq sends them only when configured, answer anyway.
                if body.startswith(b"\x04PING"):
                    context = body[7:] if len(body) > 7 else b""
                    self._sock.sendall(_frame(b"\x04PONG" + context, _FLAG_COMMAND))
                continue
            frames.append(body)
            if not flags & _FLAG_MORE:
                return frames

    def close(self):
        self._sock.close()
