"""Entry point of a sensor child: hosts one sensor, relays its dispatches and datastore calls to
the supervisor, and delivers trigger updates and stop requests from it.

Environment: SQUALL_CHANNEL and SQUALL_EXECUTION_ID (this sensor instance's id).
Protocol: ARCHITECTURE.md, "The sensor protocol".
"""

import os
import queue
import sys
import threading

from squall_action_wrapper import append_st2_runtime_layer, load_module


def find_sensor_class(module, class_name):
    candidate = getattr(module, class_name, None)
    if not isinstance(candidate, type):
        raise Exception("Sensor class %s not found in %s" % (class_name, module.__file__))
    return candidate


def instantiate(sensor_class, service, config, poll_interval):
    from st2reactor.sensor.base import PollingSensor

    if poll_interval is not None and issubclass(sensor_class, PollingSensor):
        return sensor_class(sensor_service=service, config=config, poll_interval=poll_interval)
    return sensor_class(sensor_service=service, config=config)


class SensorHost(object):
    """Calls the sensor's trigger hooks and cleanup on one worker thread, in arrival order, so the
    channel's reader is never blocked by sensor code (which may itself use the datastore).
    Messages that arrive while setup() runs wait for it: the supervisor sends trigger updates and
    stop right after start_sensor, and none may be lost or overtake the start's own triggers."""

    def __init__(self):
        self.sensor = None
        self.stopped = threading.Event()
        self._work = queue.Queue()
        self._ready = threading.Event()
        self._initial_triggers = []
        threading.Thread(target=self._run_work, name="squall-sensor-hooks", daemon=True).start()

    def on_message(self, message):
        self._work.put(message)

    def start(self, sensor, triggers):
        """After setup(): add_trigger for the start's triggers, then whatever arrived meanwhile."""
        self._initial_triggers = list(triggers)
        self.sensor = sensor
        self._ready.set()

    def _run_work(self):
        self._ready.wait()
        for trigger in self._initial_triggers:
            self._call("add_trigger", trigger)
        while True:
            message = self._work.get()
            kind = message.get("type")
            if kind == "trigger_update":
                hook = {"add": "add_trigger", "update": "update_trigger", "remove": "remove_trigger"}.get(message.get("op"))
                if hook and self.sensor is not None:
                    self._call(hook, message.get("trigger"))
            elif kind == "stop":
                if self.sensor is not None:
                    self._call("cleanup")
                self.stopped.set()
                return

    def _call(self, name, *arguments):
        try:
            getattr(self.sensor, name)(*arguments)
        except Exception:
            import traceback

            sys.stderr.write("%s failed:\n%s" % (name, traceback.format_exc()))
            sys.stderr.flush()


def main():
    append_st2_runtime_layer()
    import squall_runtime
    from squall_runtime import channel as channel_module
    from squall_runtime.sensor_channel import SensorChannel
    from squall_runtime.sensor_service import SensorService

    host = SensorHost()
    start = {}
    started = threading.Event()

    def on_message(message):
        if message.get("type") == "start_sensor" and not started.is_set():
            start.update(message)
            started.set()
        else:
            host.on_message(message)

    channel = SensorChannel(os.environ["SQUALL_CHANNEL"], on_message)
    channel_module.current = channel
    channel.send({"type": "hello", "execution_id": os.environ["SQUALL_EXECUTION_ID"], "pid": os.getpid()})
    started.wait()
    squall_runtime.log_level = start.get("log_level") or "DEBUG"

    sensor_class = find_sensor_class(load_module(start["entry_point"]), start["class_name"])
    service = SensorService(channel, start["pack"], sensor_class.__name__)
    sensor = instantiate(sensor_class, service, start.get("config") or {}, start.get("poll_interval"))
    sensor.setup()
    host.start(sensor, start.get("triggers") or [])
    channel.send({"type": "sensor_started"})

    # An exception from run() ends the child with exit 1 (traceback on stderr): the supervisor restarts it.
    failure = []

    def run_sensor():
        try:
            sensor.run()
        except BaseException as error:
            failure.append(error)
            import traceback

            traceback.print_exc()
            host.stopped.set()

    runner = threading.Thread(target=run_sensor, name="squall-sensor-run", daemon=True)
    runner.start()
    # A sensor whose run() returns is passive: it keeps serving trigger updates until stopped.
    host.stopped.wait()
    sys.stdout.flush()
    sys.stderr.flush()
    if failure:
        os._exit(1)
    channel.send({"type": "sensor_stopped"})
    channel.close()
    os._exit(0)


if __name__ == "__main__":
    main()
