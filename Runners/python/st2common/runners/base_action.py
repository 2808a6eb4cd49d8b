"""The base class of Python actions, as packs written for StackStorm expect it."""

import abc

__all__ = ["Action"]


class _LazyActionLogger(object):
    """Creates `self.logger` on first use, so actions that never log never import `logging`.

    A non-data descriptor: an action that assigns `self.logger` itself simply overrides it.
    """

    def __get__(self, instance, owner):
        if instance is None:
            return self
        from squall_runtime.logs import action_logger

        logger = action_logger(type(instance).__name__)
        instance.__dict__["logger"] = logger
        return logger


class Action(object, metaclass=abc.ABCMeta):
    """Base class for actions run by the python-script runner.

    `config` is the pack's config (a dict), `action_service` gives datastore access and
    `logger` is named `st2.actions.python.<ClassName>`.
    """

    logger = _LazyActionLogger()

    def __init__(self, config=None, action_service=None):
        self.config = config
        self.action_service = action_service

    @abc.abstractmethod
    def run(self, **kwargs):
        raise NotImplementedError()
