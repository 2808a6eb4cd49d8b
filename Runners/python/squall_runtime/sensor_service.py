"""The `sensor_service` st2 hands to sensors: dispatching triggers, loggers and the datastore."""

from squall_runtime.action_service import ActionService


class SensorService(object):
    def __init__(self, channel, pack, class_name, log_level="DEBUG"):
        self._channel = channel
        self._pack = pack
        self._class_name = class_name
        # Datastore methods are the action service's, with the same "<pack>.<ClassName>:" prefix.
        self._datastore = ActionService(channel, pack, class_name)

    @property
    def datastore_service(self):
        return self._datastore

    def get_logger(self, name):
        from squall_runtime.logs import named_logger

        return named_logger(name)

    def dispatch(self, trigger, payload=None, trace_tag=None):
        self._channel.send({"type": "dispatch", "trigger": trigger, "payload": payload, "trace_tag": trace_tag})

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        trace_tag = getattr(trace_context, "trace_tag", None) if trace_context is not None else None
        self.dispatch(trigger, payload=payload, trace_tag=trace_tag)

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        return self._datastore.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        return self._datastore.get_value(name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        return self._datastore.set_value(name, value, ttl=ttl, local=local, scope=scope, encrypt=encrypt)

    def delete_value(self, name, local=True, scope="system"):
        return self._datastore.delete_value(name, local=local, scope=scope)
