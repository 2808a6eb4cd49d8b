from st2common.runners.base_action import Action


class InvalidStatus(Action):
    def run(self):
        return ("yes", {"value": 1})
