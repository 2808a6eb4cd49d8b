import requests
import yaml

from st2reactor.sensor.base import PollingSensor


class LayerSensor(PollingSensor):
    def setup(self):
        pass

    def poll(self):
        self.sensor_service.dispatch(trigger="st2_layer_probe.imported",
                                     payload={"requests": requests.__version__, "yaml": yaml.__version__})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
