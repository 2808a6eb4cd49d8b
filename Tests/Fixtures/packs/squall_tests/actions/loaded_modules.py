import sys

from st2common.runners.base_action import Action

# What squall's wrapper and channel could pull in before run(); none of it is needed to get here.
WATCHED = ["ctypes", "enum", "json", "logging", "platform", "re", "threading", "typing", "zmq"]


class LoadedModules(Action):
    def run(self):
        return [name for name in WATCHED if name in sys.modules]
