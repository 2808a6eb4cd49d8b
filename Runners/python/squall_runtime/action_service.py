"""The `action_service` object st2 hands to actions: datastore access and user info.

Key names are made full here (`local=True` prefixes "<pack>.<ClassName>:") so the supervisor only
ever sees full names. Every call is a synchronous request/reply over the channel.
"""

SYSTEM_SCOPE = "system"
KEY_SEPARATOR = ":"


class KeyValuePair(object):
    """One datastore item, with the attributes st2client's model exposes (name, value, ...)."""

    def __init__(self, **fields):
        self.id = fields.get("name")
        self.name = None
        self.value = None
        self.scope = SYSTEM_SCOPE
        self.secret = False
        self.encrypted = False
        self.expire_timestamp = None
        self.ttl = None
        for key, value in fields.items():
            setattr(self, key, value)

    def __repr__(self):
        return "<KeyValuePair name=%s,value=%s>" % (self.name, self.value)


def _check_scope(scope):
    if scope != SYSTEM_SCOPE:
        raise ValueError("Scope %s is unsupported." % scope)


class ActionService(object):
    def __init__(self, channel, pack, class_name, user=None):
        self._channel = channel
        self._pack = pack
        self._class_name = class_name
        self._user = user

    @property
    def datastore_service(self):
        return self

    def get_user_info(self):
        return {
            "username": self._user,
            "authentication": {"method": "authentication token", "location": "header"},
            "rbac": {"enabled": False, "roles": [], "is_admin": False},
        }

    def list_values(self, local=True, prefix=None, limit=None, offset=0):
        key_prefix = self._local_prefix() + (prefix or "") if local else prefix
        items = self._request("list_values", {"prefix": key_prefix, "limit": limit, "offset": offset})
        return [KeyValuePair(**item) for item in (items or [])]

    def get_value(self, name, local=True, scope=SYSTEM_SCOPE, decrypt=False):
        _check_scope(scope)
        full_name = self._full_name(name, local)
        try:
            return self._request("get_value", {"name": full_name, "scope": scope, "decrypt": bool(decrypt)})
        except Exception as error:
            self._log_failure("retrieving", full_name, error)
            return None

    def set_value(self, name, value, ttl=None, local=True, scope=SYSTEM_SCOPE, encrypt=False):
        _check_scope(scope)
        full_name = self._full_name(name, local)
        self._request("set_value", {"name": full_name, "value": str(value), "ttl": ttl or None,
                                    "scope": scope, "encrypt": bool(encrypt)})
        return True

    def delete_value(self, name, local=True, scope=SYSTEM_SCOPE):
        _check_scope(scope)
        full_name = self._full_name(name, local)
        try:
            self._request("delete_value", {"name": full_name, "scope": scope})
        except Exception as error:
            self._log_failure("deleting", full_name, error)
            return False
        return True

    def _local_prefix(self):
        return "%s.%s%s" % (self._pack, self._class_name, KEY_SEPARATOR)

    def _full_name(self, name, local):
        return self._local_prefix() + name if local else name

    def _request(self, op, args):
        if self._channel is None:
            raise RuntimeError("no datastore: this action is not running under squall")
        return self._channel.request_datastore(op, args)

    def _log_failure(self, doing, name, error):
        # Logged on the action's own logger, as st2 does; imported late to keep start-up light.
        from squall_runtime.logs import action_logger

        action_logger(self._class_name).debug(
            "Exception %s value in the datastore (name=%s): %s", doing, name, error)
