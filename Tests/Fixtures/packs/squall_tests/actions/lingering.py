import atexit
import sys
import threading
import time

from st2common.runners.base_action import Action


def goodbye():
    sys.stdout.write("atexit ran\n")


def late_writer():
    time.sleep(0.3)
    sys.stdout.write("thread finished\n")


class Lingering(Action):
    def run(self):
        atexit.register(goodbye)
        # A non-daemon thread keeps a Python process alive until it ends.
        threading.Thread(target=late_writer).start()
        # Buffered on purpose: it must still be flushed at exit.
        sys.stdout.write("returned")
        return "ok"
