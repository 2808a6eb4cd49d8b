"""The child's end of the supervisor channel: JSON messages over one pyzmq DEALER socket."""

import json
import _thread

# The channel of this process, set by the wrapper; None when actions run outside squall (tests).
current = None

# How long close() waits for queued messages (the result) to reach the supervisor.
_CLOSE_LINGER_MS = 5000


class SupervisorError(Exception):
    """The supervisor answered a request with ok=false."""


class Channel(object):
    def __init__(self, endpoint):
        # Imported here: code that only uses the SDK (a pack's unit tests) needs no pyzmq.
        import zmq

        # One I/O thread is plenty for one connection.
        self._context = zmq.Context(io_threads=1)
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.connect(endpoint)
        # Actions may log or use the datastore from several threads; one request at a time.
        self._lock = _thread.allocate_lock()
        self._next_id = 1

    def send(self, message):
        frame = json.dumps(message, allow_nan=False).encode("utf-8")
        with self._lock:
            self._socket.send(frame)

    def receive(self):
        """Blocks for the next message from the supervisor."""
        with self._lock:
            return self._receive_locked()

    def _receive_locked(self):
        frames = self._socket.recv_multipart()
        return json.loads(frames[-1].decode("utf-8"))

    def request_datastore(self, op, args):
        """Sends a datastore request and waits for the reply with the same id; returns its value."""
        with self._lock:
            request_id = self._next_id
            self._next_id += 1
            frame = json.dumps({"type": "datastore", "id": request_id, "op": op, "args": args},
                               allow_nan=False).encode("utf-8")
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
        self._socket.close(linger=_CLOSE_LINGER_MS)
        self._context.term()
