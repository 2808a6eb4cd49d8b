import subprocess
import time

from st2common.runners.base_action import Action


class Sleeper(Action):
    def run(self, seconds=30):
        # A grandchild too: a timeout must kill the whole process group.
        subprocess.Popen(["/bin/sleep", str(int(seconds) + 60)])
        print("sleeping", flush=True)
        time.sleep(seconds)
        return "woke up"
