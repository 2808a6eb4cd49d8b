"""`BaseActionTestCase`: builds the action under test with an in-memory `action_service`."""

from st2tests.mocks.action import MockActionService, MockActionWrapper
from st2tests.pack_resource import BasePackResourceTestCase

__all__ = ["BaseActionTestCase", "get_action_class_instance"]

# st2 names the pack "tests" in unit tests, so local keys read "tests.<ClassName>:<name>".
TEST_PACK_NAME = "tests"


class BaseActionTestCase(BasePackResourceTestCase):
    """Set `action_cls`; `self.action_service` is fresh for every test (made in setUp)."""

    action_cls = None

    def setUp(self):
        super(BaseActionTestCase, self).setUp()
        class_name = self.action_cls.__name__ if self.action_cls is not None else ""
        wrapper = MockActionWrapper(pack=TEST_PACK_NAME, class_name=class_name)
        self.action_service = MockActionService(action_wrapper=wrapper)

    def get_action_instance(self, config=None):
        """An instance of `action_cls` given `config` and this test's `action_service`."""
        return get_action_class_instance(self.action_cls, config=config,
                                         action_service=self.action_service)


def get_action_class_instance(action_cls, config=None, action_service=None):
    """Constructs the action as the runner does, including for constructors without action_service."""
    try:
        return action_cls(config=config, action_service=action_service)
    except TypeError as error:
        if "unexpected keyword argument 'action_service'" not in str(error):
            raise
    # Older actions define __init__(self, config) only: the service is assigned afterwards.
    instance = action_cls(config=config)
    instance.action_service = action_service
    return instance
