import json
import os

from unittest import mock

from st2tests.base import BaseSensorTestCase

from ticket_sensor import TicketSensor

FIXTURES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


class TicketSensorTestCase(BaseSensorTestCase):
    sensor_cls = TicketSensor

    def setUp(self):
        super(TicketSensorTestCase, self).setUp()
        self.config = {"tickets_file": os.path.join(FIXTURES_DIR, "tickets.json")}

    def test_poll_dispatches_every_new_ticket_in_order(self):
        sensor = self.get_sensor_instance(config=self.config)
        sensor.setup()
        sensor.poll()

        ids = [item["payload"]["id"] for item in self.get_dispatched_triggers()]
        self.assertEqual(ids, [3, 7, 12])
        self.assertTriggerDispatched(trigger="sdk_fixture.new_ticket",
                                     payload={"id": 12, "title": "VPN down", "priority": "high"})
        self.assertEqual(self.get_last_dispatched_trigger()["payload"]["id"], 12)

    def test_second_poll_dispatches_nothing_new(self):
        sensor = self.get_sensor_instance(config=self.config)
        sensor.setup()
        sensor.poll()
        sensor.poll()
        self.assertEqual(len(self.sensor_service.dispatched_triggers), 3)
        self.assertEqual(self.sensor_service.get_value("last_ticket_id"), "12")

    def test_poll_with_mocked_fetch_from_fixture(self):
        tickets = json.loads(self.get_fixture_content("tickets.json"))
        sensor = self.get_sensor_instance(config={"min_priority": "high"})
        sensor.setup()
        with mock.patch.object(sensor, "_fetch_tickets", return_value=tickets):
            sensor.poll()

        self.assertEqual(len(self.get_dispatched_triggers()), 2)
        self.assertTriggerDispatched(trigger="sdk_fixture.new_ticket",
                                     payload={"id": 7, "title": "Disk almost full", "priority": "high"})
        self.assertRaises(AssertionError, self.assertTriggerDispatched,
                          trigger="sdk_fixture.new_ticket",
                          payload={"id": 3, "title": "Printer jam", "priority": "low"})
        self.sensor_service._logger.debug.assert_called_with("skipping ticket %s", 3)

    def test_remembered_id_skips_old_tickets(self):
        self.sensor_service.set_value("last_ticket_id", "7")
        sensor = self.get_sensor_instance(config=self.config)
        sensor.setup()
        sensor.poll()
        self.assertEqual([t["payload"]["id"] for t in self.get_dispatched_triggers()], [12])

    def test_poll_interval_reaches_the_sensor(self):
        sensor = self.get_sensor_instance(config=self.config, poll_interval=45)
        self.assertEqual(sensor.get_poll_interval(), 45)
        self.assertEqual(self.get_sensor_instance(config=self.config).get_poll_interval(), 30)
