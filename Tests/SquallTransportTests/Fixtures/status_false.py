from st2common.runners.base_action import Action


class Failing(Action):
    def run(self):
        return (False, {"reason": "disk full"})
