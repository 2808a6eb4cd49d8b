import time

from st2common.runners.base_action import Action


class Pause(Action):
    def run(self, max_pause=5):
        time.sleep(max_pause)
        return max_pause
