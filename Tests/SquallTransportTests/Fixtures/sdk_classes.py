from st2common.exceptions.action import InvalidActionParameterException
from st2common.runners.base_action import Action
from st2reactor.sensor.base import PollingSensor, Sensor


class ZPoller(PollingSensor):
    def setup(self):
        pass

    def poll(self):
        self.sensor_service.append("polled")

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass


class ZIncomplete(Sensor):
    def run(self):
        pass


class CheckSdk(Action):
    """Checks the SDK classes behave as st2's do, from inside a real child. Named to sort before the sensors."""

    def run(self):
        calls = []
        poller = ZPoller(sensor_service=calls, config={"a": 1}, poll_interval=7)
        poller.poll()
        before = poller.get_poll_interval()
        poller.set_poll_interval(9)
        try:
            ZIncomplete(sensor_service=None)
            incomplete = "instantiated"
        except TypeError:
            incomplete = "abstract"
        try:
            raise InvalidActionParameterException("bad parameter")
        except Exception as error:
            exception = [type(error).__name__, str(error)]
        return {
            "calls": calls, "interval_before": before, "interval_after": poller.get_poll_interval(),
            "config": poller.config, "old_names": poller._sensor_service is calls,
            "incomplete_sensor": incomplete, "exception": exception,
            "logger_name": self.logger.name,
        }
