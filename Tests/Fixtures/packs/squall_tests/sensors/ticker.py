from st2reactor.sensor.base import PollingSensor


class Ticker(PollingSensor):
    def setup(self):
        self._count = 0
        self._logger = self.sensor_service.get_logger(__name__)

    def poll(self):
        self._count += 1
        self.sensor_service.dispatch("squall_tests.tick", {"count": self._count, "api_url": self.config.get("api_url")})

    def cleanup(self):
        self.sensor_service.set_value("cleaned", "yes")

    def add_trigger(self, trigger):
        self._seen("add", trigger)

    def update_trigger(self, trigger):
        self._seen("update", trigger)

    def remove_trigger(self, trigger):
        self._seen("remove", trigger)

    def _seen(self, op, trigger):
        self._logger.info("trigger %s: %s", op, trigger.get("ref"))
        # The poll count says when the update arrived relative to the ticks (tests order events by it).
        self.sensor_service.dispatch("squall_tests.trigger_seen",
                                     {"op": op, "parameters": trigger.get("parameters"), "count": self._count})
