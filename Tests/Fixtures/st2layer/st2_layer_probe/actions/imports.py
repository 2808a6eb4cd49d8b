import sys

# None of these is in this pack's requirements.txt (it has none): st2 provides them.
import requests
import six
import yaml

from st2common.runners.base_action import Action


def _position(fragment):
    """Index of the first sys.path entry containing fragment, -1 when none."""
    for index, entry in enumerate(sys.path):
        if fragment in entry:
            return index
    return -1


class Imports(Action):
    def run(self):
        import eventlet
        import packaging.version
        import msgpack
        from st2client.client import Client

        return {
            "requests": requests.__version__,
            "yaml": yaml.__version__,
            "six": six.__version__,
            "eventlet": eventlet.__version__,
            "packaging": str(packaging.version.Version("1.0")),
            "msgpack": ".".join(str(part) for part in msgpack.version),
            "st2client_api_url": Client().endpoints["api"],
            "site_packages_index": _position("site-packages"),
            "layer_index": _position("/st2-"),
        }
