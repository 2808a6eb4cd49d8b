import sys

from st2common.runners.base_action import Action


class Exits(Action):
    def run(self, code=0):
        print("leaving early")
        sys.exit(code)
