"""An action that uses pyzmq itself: it must get the whole, real module while squall's own
channel to the supervisor keeps working beside it."""

import zmq
import zmq.asyncio
from st2common.runners.base_action import Action


def mapped_libzmq_files():
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if "libzmq" in line})


class ZmqUser(Action):
    def run(self):
        context = zmq.Context.instance()
        server = context.socket(zmq.PAIR)
        client = context.socket(zmq.PAIR)
        server.bind("inproc://squall-zmq-user")
        client.connect("inproc://squall-zmq-user")
        client.send_json({"question": 6 * 7})
        poller = zmq.Poller()
        poller.register(server, zmq.POLLIN)
        ready = dict(poller.poll(5000))
        answer = server.recv_json()
        try:
            server.recv(zmq.NOBLOCK)
            again = False
        except zmq.Again:
            again = True
        server.close()
        client.close()
        context.term()
        # The channel still carries logs and datastore requests after pyzmq is loaded.
        self.logger.info("pyzmq %s on libzmq %s", zmq.pyzmq_version(), zmq.zmq_version())
        self.action_service.set_value("zmq_user", "stored")
        return {
            "answer": answer,
            "polled": ready.get(server) == zmq.POLLIN,
            "again": again,
            "sugar": [zmq.Socket.__module__, zmq.Context.__module__, zmq.asyncio.Socket.__module__],
            "is_error": issubclass(zmq.Again, zmq.ZMQError),
            "libzmq_files": len(mapped_libzmq_files()),
            "stored": self.action_service.get_value("zmq_user"),
        }
