"""An in-memory datastore with the same calls (and local key prefixing) as the real service."""

import datetime
import time

from squall_runtime.action_service import KeyValuePair

__all__ = ["MockDatastoreService", "SYSTEM_SCOPE"]

SYSTEM_SCOPE = "system"
KEY_SEPARATOR = ":"


class MockDatastoreService(object):
    """Keeps items in a dict keyed by full name; `local=True` names get "<pack>.<ClassName>:".

    As in st2's own mock, values are stored as given (the real service stores str(value)), so tests
    written against st2 keep passing. Unlike st2's mock, a `ttl` really expires the item, measured
    with `clock` (seconds, `time.time` by default). Nothing is logged on `logger` (the Mock a
    sensor's get_logger returns), so a test's assertions on it see only the code under test.
    """

    def __init__(self, logger, pack_name, class_name, api_username=None, clock=time.time):
        self._logger = logger
        self._pack_name = pack_name
        self._class_name = class_name
        self._username = api_username or "admin"
        self._clock = clock
        # full name -> KeyValuePair
        self._datastore_items = {}

    def get_user_info(self):
        return {
            "username": self._username,
            "rbac": {"is_admin": True, "enabled": True, "roles": ["admin"]},
            "authentication": {"method": "authentication token", "location": "header"},
        }

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        key_prefix = self._full_key_prefix(local, prefix)
        matching = [item for name, item in self._live_items()
                    if not key_prefix or name.startswith(key_prefix)]
        start = offset or 0
        end = start + limit if limit else None
        return matching[start:end]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        _check_scope(scope)
        full_name = self._full_key_name(name, local)
        self._drop_if_expired(full_name)
        item = self._datastore_items.get(full_name)
        return None if item is None else item.value

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        _check_scope(scope)
        full_name = self._full_key_name(name, local)
        item = KeyValuePair(id=full_name, name=full_name, value=value, scope=scope,
                            secret=bool(encrypt))
        if ttl:
            item.ttl = ttl
            item._expires_at = self._clock() + ttl
            item.expire_timestamp = _iso_utc(item._expires_at)
        self._datastore_items[full_name] = item
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        _check_scope(scope)
        full_name = self._full_key_name(name, local)
        self._drop_if_expired(full_name)
        if full_name not in self._datastore_items:
            return False
        del self._datastore_items[full_name]
        return True

    def _local_key_prefix(self):
        return "%s.%s%s" % (self._pack_name, self._class_name, KEY_SEPARATOR)

    def _full_key_name(self, name, local):
        return self._local_key_prefix() + name if local else name

    def _full_key_prefix(self, local, prefix):
        if local:
            return self._local_key_prefix() + (prefix or "")
        return prefix

    def _live_items(self):
        for name in list(self._datastore_items):
            self._drop_if_expired(name)
        return list(self._datastore_items.items())

    def _drop_if_expired(self, full_name):
        item = self._datastore_items.get(full_name)
        expires_at = getattr(item, "_expires_at", None)
        if expires_at is not None and self._clock() >= expires_at:
            del self._datastore_items[full_name]


def _check_scope(scope):
    # The real service refuses every other scope; a test should fail the way a real run would.
    if scope != SYSTEM_SCOPE:
        raise ValueError("Scope %s is unsupported." % scope)


def _iso_utc(timestamp):
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
