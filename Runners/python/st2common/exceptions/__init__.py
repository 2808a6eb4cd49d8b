"""Exception types pack code may raise or catch."""


class StackStormBaseException(Exception):
    """Base of every StackStorm exception."""

    def __init__(self, *args, **kwargs):
        super(StackStormBaseException, self).__init__(*args)
        self.message = args[0] if args else ""
