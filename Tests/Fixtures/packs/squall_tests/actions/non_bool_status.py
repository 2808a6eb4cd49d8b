from st2common.runners.base_action import Action


class NonBoolStatus(Action):
    def run(self):
        return ("yes", 1)
