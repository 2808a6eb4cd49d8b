"""BaseSensorTestCase and the recording sensor_service, seen from a pack test's side."""

import unittest

from st2reactor.sensor.base import PollingSensor, Sensor
from st2tests.base import BaseSensorTestCase
from st2tests.mocks.sensor import MockSensorService, MockSensorWrapper, TraceContext


class EchoSensor(Sensor):
    """Dispatches what it is told; records how it was built."""

    def setup(self):
        pass

    def run(self):
        pass

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass


class CountingPollingSensor(PollingSensor):
    def setup(self):
        self.polls = 0

    def poll(self):
        self.polls += 1
        self.sensor_service.dispatch("demo.tick", {"n": self.polls})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass


class SensorCaseTest(BaseSensorTestCase):
    sensor_cls = EchoSensor

    def test_setup_builds_a_service_local_to_the_sensor_class(self):
        self.assertIsInstance(self.sensor_service, MockSensorService)
        sensor = self.get_sensor_instance()
        self.assertIs(sensor.sensor_service, self.sensor_service)
        sensor.sensor_service.set_value("k", "v")
        self.assertEqual(self.sensor_service.get_value("tests.EchoSensor:k", local=False), "v")

    def test_config_is_passed_only_when_given(self):
        self.assertEqual(self.get_sensor_instance().config, {})
        self.assertEqual(self.get_sensor_instance(config={"a": 1}).config, {"a": 1})

    def test_dispatch_records_trigger_payload_and_trace(self):
        sensor = self.get_sensor_instance()
        item = sensor.sensor_service.dispatch("demo.t", {"x": 1}, trace_tag="tag-1")
        self.assertEqual(self.get_dispatched_triggers(), [item])
        self.assertEqual(item["trigger"], "demo.t")
        self.assertEqual(item["payload"], {"x": 1})
        self.assertEqual(item["trace_context"].trace_tag, "tag-1")
        self.assertIsNone(sensor.sensor_service.dispatch("demo.u")["trace_context"])

    def test_dispatch_with_context_keeps_the_context(self):
        context = TraceContext(id_="abc")
        self.sensor_service.dispatch_with_context("demo.t", payload={}, trace_context=context)
        self.assertIs(self.get_last_dispatched_trigger()["trace_context"], context)

    def test_assert_trigger_dispatched_matches_name_payload_and_trace(self):
        self.sensor_service.dispatch("demo.t", {"x": 1}, trace_tag="tag-1")
        self.sensor_service.dispatch("demo.t", {"x": 2})
        self.assertTrue(self.assertTriggerDispatched("demo.t"))
        self.assertTrue(self.assertTriggerDispatched("demo.t", payload={"x": 2}))
        self.assertTrue(self.assertTriggerDispatched(
            "demo.t", payload={"x": 1}, trace_context=TraceContext(trace_tag="tag-1")))

    def test_assert_trigger_dispatched_fails_on_any_mismatch(self):
        self.sensor_service.dispatch("demo.t", {"x": 1}, trace_tag="tag-1")
        with self.assertRaisesRegex(AssertionError, 'Trigger "demo.other" hasn\'t been dispatched'):
            self.assertTriggerDispatched("demo.other")
        self.assertRaises(AssertionError, self.assertTriggerDispatched, "demo.t", payload={"x": 9})
        self.assertRaises(AssertionError, self.assertTriggerDispatched, "demo.t",
                          payload={"x": 1}, trace_context=TraceContext(trace_tag="tag-2"))

    def test_nothing_dispatched_fails(self):
        self.assertRaises(AssertionError, self.assertTriggerDispatched, "demo.t")

    def test_get_logger_is_one_shared_mock(self):
        logger = self.sensor_service.get_logger("anything")
        self.assertIs(logger, self.sensor_service.get_logger("other"))
        logger.info("hello %s", "you")
        self.sensor_service._logger.info.assert_called_once_with("hello %s", "you")


class PollingSensorCaseTest(BaseSensorTestCase):
    sensor_cls = CountingPollingSensor

    def test_poll_interval_is_passed_when_given(self):
        self.assertEqual(self.get_sensor_instance(poll_interval=9).get_poll_interval(), 9)
        self.assertEqual(self.get_sensor_instance().get_poll_interval(), 5)

    def test_polls_dispatch_in_order(self):
        sensor = self.get_sensor_instance()
        sensor.setup()
        sensor.poll()
        sensor.poll()
        self.assertEqual([t["payload"] for t in self.get_dispatched_triggers()], [{"n": 1}, {"n": 2}])


class TraceContextTest(unittest.TestCase):
    def test_equal_by_contents(self):
        self.assertEqual(TraceContext(trace_tag="a"), TraceContext(trace_tag="a"))
        self.assertNotEqual(TraceContext(trace_tag="a"), TraceContext(trace_tag="b"))
        self.assertNotEqual(TraceContext(id_="a"), TraceContext(trace_tag="a"))
        self.assertEqual(str(TraceContext(id_="i", trace_tag="t")), "{id_: i, trace_tag: t}")

    def test_each_service_has_its_own_record(self):
        first = MockSensorService(MockSensorWrapper("tests", "A"))
        second = MockSensorService(MockSensorWrapper("tests", "A"))
        first.dispatch("demo.t")
        self.assertEqual(second.dispatched_triggers, [])
