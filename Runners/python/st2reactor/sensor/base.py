"""Base classes of pack sensors, as packs written for StackStorm expect them."""

import abc
import time

__all__ = ["BaseSensor", "Sensor", "PollingSensor"]


class BaseSensor(object, metaclass=abc.ABCMeta):
    """A sensor watches something and dispatches triggers through `sensor_service`."""

    def __init__(self, sensor_service, config=None):
        self.sensor_service = sensor_service
        self.config = config or {}
        # Names older sensors still use.
        self._sensor_service = sensor_service
        self._config = self.config

    @abc.abstractmethod
    def setup(self):
        """Runs once before `run`."""

    @abc.abstractmethod
    def run(self):
        """Runs the sensor; for a passive sensor this may return at once."""

    @abc.abstractmethod
    def cleanup(self):
        """Runs once when the sensor is stopped."""

    @abc.abstractmethod
    def add_trigger(self, trigger):
        """A rule started using one of this sensor's trigger types (`trigger` is a dict)."""

    @abc.abstractmethod
    def update_trigger(self, trigger):
        """The parameters of a trigger this sensor serves changed."""

    @abc.abstractmethod
    def remove_trigger(self, trigger):
        """No rule uses this trigger any more."""


class Sensor(BaseSensor):
    """A sensor that runs its own loop (or waits passively for triggers)."""

    @abc.abstractmethod
    def run(self):
        pass


class PollingSensor(BaseSensor):
    """A sensor whose `poll()` is called every `poll_interval` seconds."""

    def __init__(self, sensor_service, config=None, poll_interval=5):
        super(PollingSensor, self).__init__(sensor_service=sensor_service, config=config)
        self._poll_interval = poll_interval

    @abc.abstractmethod
    def poll(self):
        """Checks the watched thing once; dispatch triggers from here."""

    def run(self):
        while True:
            self.poll()
            time.sleep(self._poll_interval)

    def get_poll_interval(self):
        return self._poll_interval

    def set_poll_interval(self, poll_interval):
        self._poll_interval = poll_interval
