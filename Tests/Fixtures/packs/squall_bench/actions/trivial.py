from st2common.runners.base_action import Action


class Trivial(Action):
    def run(self):
        return 1
