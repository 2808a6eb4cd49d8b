"""`BaseSensorTestCase`: builds the sensor under test with a recording `sensor_service`."""

from st2tests.mocks.sensor import MockSensorService, MockSensorWrapper
from st2tests.pack_resource import BasePackResourceTestCase

__all__ = ["BaseSensorTestCase"]

# st2 names the pack "tests" in unit tests, so local keys read "tests.<ClassName>:<name>".
TEST_PACK_NAME = "tests"


class BaseSensorTestCase(BasePackResourceTestCase):
    """Set `sensor_cls`; `self.sensor_service` is fresh for every test (made in setUp)."""

    sensor_cls = None

    def setUp(self):
        super(BaseSensorTestCase, self).setUp()
        class_name = self.sensor_cls.__name__ if self.sensor_cls is not None else ""
        wrapper = MockSensorWrapper(pack=TEST_PACK_NAME, class_name=class_name)
        self.sensor_service = MockSensorService(sensor_wrapper=wrapper)

    def get_sensor_instance(self, config=None, poll_interval=None):
        """An instance of `sensor_cls`; like st2, an empty config and a None interval are not passed."""
        kwargs = {"sensor_service": self.sensor_service}
        if config:
            kwargs["config"] = config
        if poll_interval is not None:
            kwargs["poll_interval"] = poll_interval
        return self.sensor_cls(**kwargs)

    def get_dispatched_triggers(self):
        return self.sensor_service.dispatched_triggers

    def get_last_dispatched_trigger(self):
        return self.sensor_service.dispatched_triggers[-1]

    def assertTriggerDispatched(self, trigger, payload=None, trace_context=None):
        """Passes if some dispatch had this trigger and, when given (truthy), this payload and context."""
        for item in self.get_dispatched_triggers():
            if item["trigger"] != trigger:
                continue
            if payload and item["payload"] != payload:
                continue
            if trace_context and item["trace_context"] != trace_context:
                continue
            return True
        raise AssertionError('Trigger "%s" hasn\'t been dispatched' % (trigger,))
