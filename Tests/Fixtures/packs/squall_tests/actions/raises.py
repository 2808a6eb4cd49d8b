from st2common.runners.base_action import Action


class Raises(Action):
    def run(self):
        raise RuntimeError("something broke on purpose")
