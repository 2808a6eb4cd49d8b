from st2common.runners.base_action import Action


class Raises(Action):
    def run(self):
        print("before the failure")
        raise ValueError("boom from the action")
