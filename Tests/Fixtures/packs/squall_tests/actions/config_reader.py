from st2common.runners.base_action import Action


class ConfigReader(Action):
    def run(self):
        return self.config
