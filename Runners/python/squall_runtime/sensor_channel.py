"""The sensor child's end of the channel. Unlike an action, a sensor is spoken to while it runs
(trigger updates, stop), so one reader thread owns the pyzmq socket: other threads queue what they
send and wake the reader through a pipe (pyzmq sockets must stay on one thread)."""

import json
import os
import threading

from squall_runtime.channel import SupervisorError


class SensorChannel(object):
    def __init__(self, endpoint, on_message):
        import zmq

        self._zmq = zmq
        self._context = zmq.Context(io_threads=1)
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.connect(endpoint)
        self._on_message = on_message
        self._outbox = []
        self._lock = threading.Lock()
        self._wake_read, self._wake_write = os.pipe()
        self._replies = {}
        self._next_id = 1
        self._closing = False
        self._reader = threading.Thread(target=self._serve, name="squall-channel", daemon=True)
        self._reader.start()

    def send(self, message):
        frame = json.dumps(message, allow_nan=False).encode("utf-8")
        with self._lock:
            self._outbox.append(frame)
        os.write(self._wake_write, b"x")

    def request_datastore(self, op, args):
        """Same contract as the action channel: blocks for the reply with the same id."""
        done = threading.Event()
        with self._lock:
            request_id = self._next_id
            self._next_id += 1
            self._replies[request_id] = [done, None]
        self.send({"type": "datastore", "id": request_id, "op": op, "args": args})
        done.wait()
        with self._lock:
            reply = self._replies.pop(request_id)[1]
        if not reply.get("ok"):
            raise SupervisorError(reply.get("error") or "datastore request failed")
        return reply.get("value")

    def close(self):
        """Sends what is queued, then stops the reader and releases the socket."""
        self._closing = True
        os.write(self._wake_write, b"x")
        self._reader.join(5)
        self._socket.close(linger=5000)
        self._context.term()

    def _serve(self):
        zmq = self._zmq
        poller = zmq.Poller()
        poller.register(self._socket, zmq.POLLIN)
        poller.register(self._wake_read, zmq.POLLIN)
        while True:
            ready = dict(poller.poll())
            if self._wake_read in ready:
                os.read(self._wake_read, 4096)
            with self._lock:
                outgoing, self._outbox = self._outbox, []
            for frame in outgoing:
                self._socket.send(frame)
            if self._closing:
                return
            while True:
                try:
                    frames = self._socket.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                self._deliver(json.loads(frames[-1].decode("utf-8")))

    def _deliver(self, message):
        if message.get("type") == "datastore_reply":
            with self._lock:
                slot = self._replies.get(message.get("id"))
                if slot is not None:
                    slot[1] = message
                    slot[0].set()
            return
        self._on_message(message)
