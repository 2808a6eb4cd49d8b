"""The base class of Python actions, as packs written for StackStorm expect it."""

import abc

from st2common.runners.utils import PackConfigDict

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


def _pack_name(action_service):
    """The running action's pack (squall's service knows it; st2tests' mock keeps it on its wrapper)."""
    wrapper = getattr(action_service, "_action_wrapper", None)
    return getattr(wrapper, "_pack", None) or getattr(action_service, "_pack", None) or "unknown"


class Action(object, metaclass=abc.ABCMeta):
    """Base class for actions run by the python-script runner.

    `config` is the pack's config (a dict whose missing keys raise ValueError naming the pack), `action_service` gives datastore access and
    `logger` is named `st2.actions.python.<ClassName>`.
    """

    logger = _LazyActionLogger()

    def __init__(self, config=None, action_service=None):
        self.config = PackConfigDict(_pack_name(action_service), config or {})
        self.action_service = action_service

    @abc.abstractmethod
    def run(self, **kwargs):
        raise NotImplementedError()
