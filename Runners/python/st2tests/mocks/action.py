"""The `action_service` an action gets in a unit test: the real calls over an in-memory datastore."""

import logging
from unittest import mock

from st2tests.mocks.datastore import MockDatastoreService, SYSTEM_SCOPE

__all__ = ["MockActionWrapper", "MockActionService"]


class MockActionWrapper(object):
    """What the service needs to know about the running action: its pack and class name."""

    def __init__(self, pack, class_name):
        self._pack = pack
        self._class_name = class_name


class MockActionService(object):
    """Same methods as the real action service; `_logger` is a Mock so tests can assert on it."""

    def __init__(self, action_wrapper):
        self._action_wrapper = action_wrapper
        self._logger = mock.Mock(spec=logging.RootLogger)
        self._datastore_service = MockDatastoreService(
            logger=self._logger,
            pack_name=action_wrapper._pack,
            class_name=action_wrapper._class_name,
        )

    @property
    def datastore_service(self):
        return self._datastore_service

    def get_user_info(self):
        return self.datastore_service.get_user_info()

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self.datastore_service.list_values(local=local, prefix=prefix, limit=limit,
                                                  offset=offset)

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        return self.datastore_service.get_value(name=name, local=local, scope=scope,
                                                decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        return self.datastore_service.set_value(name=name, value=value, ttl=ttl, local=local,
                                                scope=scope, encrypt=encrypt)

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        return self.datastore_service.delete_value(name=name, local=local, scope=scope)
