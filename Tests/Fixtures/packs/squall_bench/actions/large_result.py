from st2common.runners.base_action import Action

from large_value import make


class LargeResult(Action):
    def run(self, size=4 * 1024 * 1024):
        return make(size)
