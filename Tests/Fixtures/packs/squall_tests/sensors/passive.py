from st2reactor.sensor.base import Sensor


class Passive(Sensor):
    def setup(self):
        pass

    def run(self):
        return

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        self.sensor_service.dispatch("squall_tests.passive_event", {"got": trigger["parameters"]})

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
