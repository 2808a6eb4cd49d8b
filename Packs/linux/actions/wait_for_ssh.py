import shutil
import socket
import subprocess
import time

from st2common.runners.base_action import Action


class WaitForSshAction(Action):
    """Tries up to `retries` times, `ssh_timeout` seconds apart: the server's SSH banner, and with a
    key file a real login with OpenSSH's client running `true`."""

    def run(self, hostname, port=22, username="stanley", password=None, keyfile=None, ssh_timeout=30, retries=10):
        last = "no attempt made"
        for attempt in range(1, max(retries, 1) + 1):
            last = self._attempt(hostname, port, username, keyfile)
            if last is None:
                self.logger.info("SSH on %s:%s answered (attempt %d)", hostname, port, attempt)
                return True
            self.logger.info("attempt %d of %d: %s", attempt, retries, last)
            if attempt < retries:
                time.sleep(ssh_timeout)
        raise Exception("Exceeded max retries (%s): %s" % (retries, last))

    def _attempt(self, hostname, port, username, keyfile):
        try:
            with socket.create_connection((hostname, port), timeout=10) as connection:
                banner = connection.recv(256)
        except OSError as error:
            return "cannot connect to %s:%s: %s" % (hostname, port, error)
        if not banner.startswith(b"SSH-"):
            return "%s:%s does not speak SSH" % (hostname, port)
        if not keyfile:
            return None
        ssh = shutil.which("ssh")
        if ssh is None:
            return "OpenSSH's client (ssh) is not installed"
        command = [ssh, "-i", keyfile, "-p", str(port), "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                   "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-l", username, "--", hostname, "true"]
        done = subprocess.run(command, capture_output=True, text=True)
        return None if done.returncode == 0 else "login failed: " + done.stderr.strip()
