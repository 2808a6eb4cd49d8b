from st2common.runners.base_action import Action


class ReturnValue(Action):
    def run(self, value=None, kind="dict"):
        return {"kind": kind, "value": value}
