from st2common.runners.base_action import Action


class StatusTuple(Action):
    def run(self, ok):
        return (ok, {"ok": ok})
