"""The `sensor_service` a sensor gets in a unit test: it records dispatched triggers."""

import logging
from unittest import mock

from st2tests.mocks.action import MockActionService

__all__ = ["MockSensorWrapper", "MockSensorService", "TraceContext"]


class MockSensorWrapper(object):
    """What the service needs to know about the running sensor: its pack and class name."""

    def __init__(self, pack, class_name):
        self._pack = pack
        self._class_name = class_name


class TraceContext(object):
    """Names the trace a dispatched trigger belongs to (by trace id or by a user's tag)."""

    def __init__(self, id_=None, trace_tag=None):
        self.id_ = id_
        self.trace_tag = trace_tag

    def __eq__(self, other):
        # st2 compares by identity; equal contents is what a test means when it builds its own.
        if not isinstance(other, TraceContext):
            return NotImplemented
        return (self.id_, self.trace_tag) == (other.id_, other.trace_tag)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None

    def __str__(self):
        return "{id_: %s, trace_tag: %s}" % (self.id_, self.trace_tag)

    def __json__(self):
        return vars(self)


class MockSensorService(MockActionService):
    """The datastore calls of the action service plus logging and trigger dispatch.

    `dispatched_triggers` holds `{"trigger", "payload", "trace_context"}` dicts in dispatch order.
    `get_logger` returns the one Mock logger, so tests can assert what the sensor logged.
    """

    def __init__(self, sensor_wrapper):
        super(MockSensorService, self).__init__(action_wrapper=sensor_wrapper)
        self._sensor_wrapper = sensor_wrapper
        self.dispatched_triggers = []

    def get_logger(self, name):
        return self._logger

    def dispatch(self, trigger, payload=None, trace_tag=None):
        trace_context = TraceContext(trace_tag=trace_tag) if trace_tag else None
        return self.dispatch_with_context(trigger=trigger, payload=payload,
                                          trace_context=trace_context)

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        item = {"trigger": trigger, "payload": payload, "trace_context": trace_context}
        self.dispatched_triggers.append(item)
        return item
