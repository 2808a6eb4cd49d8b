import os
import socket

from st2client.client import Client
from st2common.runners.base_action import Action


class UseClient(Action):
    def run(self, sink_port):
        # Only so the test can show the token dies with the execution: never do this in a real pack.
        with socket.create_connection(("127.0.0.1", sink_port)) as sink:
            sink.sendall(os.environ["ST2_AUTH_TOKEN"].encode() + b"\n")
        client = Client()
        me = client.liveactions.get_by_id(os.environ["ST2_ACTION_EXECUTION_ID"])
        return {
            "keys": sorted(key.name for key in client.keys.get_all()),
            "own_status": me.status,
            "own_action": me.action["ref"],
            "api_url": os.environ["ST2_API_URL"],
            "action_api_url": os.environ["ST2_ACTION_API_URL"],
            "same_token": os.environ["ST2_ACTION_AUTH_TOKEN"] == os.environ["ST2_AUTH_TOKEN"],
            "client_endpoints": [client.endpoints["api"], client.endpoints["auth"]],
        }
