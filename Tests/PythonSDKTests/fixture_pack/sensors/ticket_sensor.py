import json

from st2reactor.sensor.base import PollingSensor

TRIGGER = "sdk_fixture.new_ticket"
LAST_ID_KEY = "last_ticket_id"


class TicketSensor(PollingSensor):
    def __init__(self, sensor_service, config=None, poll_interval=30):
        super(TicketSensor, self).__init__(sensor_service=sensor_service, config=config,
                                           poll_interval=poll_interval)
        self._logger = self.sensor_service.get_logger(__name__)
        self._min_priority = None

    def setup(self):
        self._min_priority = self.config.get("min_priority")

    def poll(self):
        last_id = int(self.sensor_service.get_value(LAST_ID_KEY) or 0)
        tickets = sorted(self._fetch_tickets(), key=lambda ticket: ticket["id"])
        for ticket in tickets:
            if ticket["id"] <= last_id:
                continue
            if self._min_priority and ticket["priority"] != self._min_priority:
                self._logger.debug("skipping ticket %s", ticket["id"])
                continue
            payload = {"id": ticket["id"], "title": ticket["title"], "priority": ticket["priority"]}
            self.sensor_service.dispatch(trigger=TRIGGER, payload=payload,
                                         trace_tag="ticket-%d" % ticket["id"])
            self._logger.info("dispatched ticket %s", ticket["id"])
        if tickets:
            self.sensor_service.set_value(LAST_ID_KEY, str(tickets[-1]["id"]), ttl=3600)

    def _fetch_tickets(self):
        with open(self.config["tickets_file"]) as source:
            return json.load(source)

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
