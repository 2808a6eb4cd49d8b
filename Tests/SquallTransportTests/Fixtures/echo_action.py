import sys

from st2common.runners.base_action import Action


class EchoAction(Action):
    """Returns what it was given; prints to stdout and stderr."""

    def run(self, message, count=1, tags=None):
        print("echo: %s" % message)
        sys.stderr.write("to stderr\n")
        return {"message": message * count, "tags": tags, "config": self.config,
                "has_service": self.action_service is not None}


class ZZLaterAction(Action):
    """Sorted after EchoAction: must not be chosen."""

    def run(self, **kwargs):
        return "wrong class"
