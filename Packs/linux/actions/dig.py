import random
import shutil
import subprocess

from st2common.runners.base_action import Action


class DigAction(Action):
    """Runs the host's dig; the answer section's lines, as st2's linux.dig returns them."""

    def run(self, hostname, nameserver=None, querytype="A", queryopts="short", rand=False, count=0):
        dig = shutil.which("dig")
        if dig is None:
            return (False, "dig is not installed on this host (Debian: bind9-dnsutils)")
        command = [dig]
        if nameserver:
            command.append("@" + nameserver)
        command += [hostname, querytype]
        command += ["+" + option.strip() for option in (queryopts or "").split(",") if option.strip()]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            return (False, (done.stderr or done.stdout).strip())
        answers = [line for line in done.stdout.splitlines() if line.strip()]
        if rand:
            random.shuffle(answers)
        if count and count > 0:
            answers = answers[:count]
        return answers
