from st2actions.runners.pythonrunner import Action


class Legacy(Action):
    def __init__(self, config):
        super(Legacy, self).__init__(config)
        self.region = config["region"]

    def run(self):
        return {"region": self.region, "has_service": self.action_service is not None}
