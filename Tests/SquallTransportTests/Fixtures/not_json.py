from st2common.runners.base_action import Action


class Opaque(object):
    def __str__(self):
        return "an opaque object"


class NotJson(Action):
    def run(self):
        return Opaque()
