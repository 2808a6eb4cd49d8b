from squall_runtime import channel
from st2common.runners.base_action import Action


class InjectTriggerAction(Action):
    def run(self, trigger, payload=None, trace_tag=None):
        payload = payload or {}
        self.logger.debug('Injecting trigger "%s" with payload="%s"', trigger, payload)
        # The same message a sensor's dispatch() sends; the supervisor hands it to the server.
        channel.current.send({"type": "dispatch", "trigger": trigger, "payload": payload, "trace_tag": trace_tag})
        return {"trigger": trigger, "payload": payload, "trace_tag": trace_tag}
