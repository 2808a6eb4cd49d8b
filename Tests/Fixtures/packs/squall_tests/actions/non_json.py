from st2common.runners.base_action import Action


class Opaque(object):
    def __str__(self):
        return "<opaque thing>"


class NonJson(Action):
    def run(self):
        return Opaque()
