from st2common.runners.base_action import Action


class LegacyConstructor(Action):
    def __init__(self, config):
        super(LegacyConstructor, self).__init__(config)

    def run(self):
        return {"has_service": self.action_service is not None, "config_keys": sorted(self.config)}
