"""The child's end of the supervisor channel: JSON messages over one ZeroMQ DEALER socket."""

import _thread

from squall_runtime import wire

# The channel of this process, set by the wrapper; None when actions run outside squall (tests).
current = None

# How long close() waits for queued messages (the result) to reach the supervisor.
_CLOSE_LINGER_MS = 5000


class SupervisorError(Exception):
    """The supervisor answered a request with ok=false."""


class Channel(object):
    def __init__(self, endpoint, connect=None):
        # `connect` makes the socket (tests pick one); by default the cheapest that works.
        self._socket = (connect or connect_dealer)(endpoint)
        # Actions may log or use the datastore from several threads; one request at a time.
        self._lock = _thread.allocate_lock()
        self._next_id = 1

    def send(self, message):
        frame = wire.dumps(message).encode("utf-8")
        with self._lock:
            self._socket.send(frame)

    def receive(self):
        """Blocks for the next message from the supervisor."""
        with self._lock:
            return self._receive_locked()

    def _receive_locked(self):
        frames = self._socket.recv_multipart()
        return wire.loads(frames[-1].decode("utf-8"))

    def request_datastore(self, op, args):
        """Sends a datastore request and waits for the reply with the same id; returns its value."""
        with self._lock:
            request_id = self._next_id
            self._next_id += 1
            frame = wire.dumps({"type": "datastore", "id": request_id, "op": op, "args": args}).encode("utf-8")
            self._socket.send(frame)
            while True:
                reply = self._receive_locked()
                if reply.get("type") == "datastore_reply" and reply.get("id") == request_id:
                    break
        if not reply.get("ok"):
            raise SupervisorError(reply.get("error") or "datastore request failed")
        return reply.get("value")

    def close(self):
        """Flushes what is queued (the result) and releases the socket."""
        self._socket.close(_CLOSE_LINGER_MS)


def connect_dealer(endpoint):
    """A connected DEALER: on the libzmq of pyzmq's wheel when there is one (cheap to load), else
    through pyzmq. Imported here: code that only uses the SDK (a pack's unit tests) needs neither."""
    from squall_runtime import libzmq_dealer

    dealer = libzmq_dealer.connect(endpoint)
    return dealer if dealer is not None else PyzmqDealer(endpoint)


class PyzmqDealer(object):
    """The same socket through pyzmq's own API."""

    def __init__(self, endpoint):
        import zmq

        # One I/O thread is plenty for one connection.
        self._context = zmq.Context(io_threads=1)
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.connect(endpoint)

    def send(self, frame):
        self._socket.send(frame)

    def recv_multipart(self):
        return self._socket.recv_multipart()

    def close(self, linger_ms):
        self._socket.close(linger=linger_ms)
        self._context.term()
