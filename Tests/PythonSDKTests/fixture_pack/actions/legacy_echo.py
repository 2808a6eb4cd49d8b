from st2common.runners.base_action import Action


class LegacyEchoAction(Action):
    def __init__(self, config):
        super(LegacyEchoAction, self).__init__(config=config)
        self.prefix = (config or {}).get("prefix", "")

    def run(self, message):
        last = self.action_service.get_value("last_message", local=False)
        self.action_service.set_value("last_message", message, local=False)
        return {"echo": self.prefix + message, "previous": last}
