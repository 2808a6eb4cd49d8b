import sys

from helpers import shout
from st2common.runners.base_action import Action


class Chatty(Action):
    def run(self, lines=3):
        for index in range(lines):
            print("line %d" % index)
        sys.stderr.write("to stderr\n")
        self.logger.info("logged %s", "info")
        return shout("done")
