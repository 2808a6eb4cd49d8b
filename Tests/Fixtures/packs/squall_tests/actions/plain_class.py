class Helper(object):
    """Has no run method: must not be picked."""


class PlainRunner(object):
    def __init__(self, config=None, action_service=None):
        self.config = config

    def run(self, **kwargs):
        return "plain"
