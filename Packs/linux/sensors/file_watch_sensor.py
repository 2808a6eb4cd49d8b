import os
import time

from st2reactor.sensor.base import Sensor


class FileWatchSensor(Sensor):
    """Follows the files rules name (trigger parameter file_path) from their end, as `tail -F`
    does: a replaced or truncated file is read again from its start. Each new line dispatches
    linux.file_watch.line."""

    POLL_SECONDS = 1

    def setup(self):
        self._files = {}  # path -> [offset, inode, partial line]
        self._running = True

    def run(self):
        while self._running:
            for path in list(self._files):
                self._read_new_lines(path)
            time.sleep(self.POLL_SECONDS)

    def cleanup(self):
        self._running = False

    def add_trigger(self, trigger):
        path = (trigger.get("parameters") or {}).get("file_path")
        if path and path not in self._files:
            try:
                status = os.stat(path)
                self._files[path] = [status.st_size, status.st_ino, b""]
            except OSError:
                self._files[path] = [0, None, b""]

    def update_trigger(self, trigger):
        self.add_trigger(trigger)

    def remove_trigger(self, trigger):
        self._files.pop((trigger.get("parameters") or {}).get("file_path"), None)

    def _read_new_lines(self, path):
        state = self._files.get(path)
        try:
            status = os.stat(path)
        except OSError:
            return
        if state[1] != status.st_ino or status.st_size < state[0]:
            state[0], state[1], state[2] = 0, status.st_ino, b""
        if status.st_size == state[0]:
            return
        with open(path, "rb") as handle:
            handle.seek(state[0])
            data = handle.read()
        state[0] += len(data)
        *lines, state[2] = (state[2] + data).split(b"\n")
        for line in lines:
            self.sensor_service.dispatch(trigger="linux.file_watch.line", payload={
                "file_path": path, "file_name": os.path.basename(path),
                "line": line.decode("utf-8", "replace")})
