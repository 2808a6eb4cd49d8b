"""An action's result as st2 encodes it with orjson, in plain JSON types.

st2 serialises results with orjson, which differs from the json module: datetimes, dates, times
and UUIDs become strings (isoformat / canonical form), enums their value, dataclasses objects;
NaN and infinities become null; dict keys that are not str, integers beyond 64 bits, times with a
tzinfo, strings that are not valid UTF-8, sets, bytes and other objects are errors (TypeError, as
orjson.JSONEncodeError is). `native(value)` gives the json-module value orjson would have written.

The datetime, uuid, enum and dataclasses modules are looked up, never imported: a value of one of
their types cannot exist unless the action imported the module.
"""

import sys

_INT_MIN = -(1 << 63)
_INT_MAX = (1 << 64) - 1
# orjson's nesting limit (its recursion limit of 255 levels of containers).
_MAX_DEPTH = 254


def _fail(value):
    raise TypeError("Type is not JSON serializable: %s" % type(value).__name__)


def _text(value):
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise TypeError("str is not valid UTF-8: surrogates not allowed")
    return value if type(value) is str else str.__str__(value)


def _integer(value):
    if value < _INT_MIN or value > _INT_MAX:
        raise TypeError("Integer exceeds 64-bit range")
    return int.__int__(value) if type(value) is not int else value


def _special(value, depth):
    datetime = sys.modules.get("datetime")
    if datetime is not None:
        if isinstance(value, (datetime.datetime, datetime.date)):
            return value.isoformat()
        if isinstance(value, datetime.time):
            if value.tzinfo is not None:
                raise TypeError("datetime.time must not have tzinfo set")
            return value.isoformat()
    uuid = sys.modules.get("uuid")
    if uuid is not None and isinstance(value, uuid.UUID):
        return str(value)
    enum = sys.modules.get("enum")
    if enum is not None and isinstance(value, enum.Enum):
        return native(value.value, depth)
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None and not isinstance(value, type):
        dataclasses = sys.modules.get("dataclasses")
        names = [f.name for f in dataclasses.fields(value)] if dataclasses else list(fields)
        return native({name: getattr(value, name) for name in names}, depth)
    _fail(value)


def _item(value, depth):
    # The common exact types without a call to native (most of a large result's cost).
    kind = type(value)
    if kind is str and value.isascii():
        return value
    if value is None or kind is bool or (kind is int and _INT_MIN <= value <= _INT_MAX):
        return value
    return native(value, depth)


def native(value, depth=0):
    """The value orjson.dumps would write, as json-module types; TypeError where orjson raises."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is str:
        return _text(value)
    if kind is int:
        return _integer(value)
    if kind is float:
        return value if value - value == 0.0 else None  # NaN and +-inf: null
    if depth >= _MAX_DEPTH and isinstance(value, (dict, list, tuple)):
        raise TypeError("Recursion limit reached")
    if kind is dict or (isinstance(value, dict)):
        out = {}
        for key, item in dict.items(value):
            if type(key) is not str:
                raise TypeError("Dict key must be str")
            out[key if key.isascii() else _text(key)] = _item(item, depth + 1)
        return out
    if kind is list or kind is tuple or isinstance(value, list):
        return [_item(item, depth + 1) for item in value]
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _integer(value)
    return _special(value, depth)


def st2_result(status, result):
    """The `result` st2's python runner records for what run() returned (status None or a bool).

    With a status, a result orjson cannot write becomes str(result). Without one, st2's wrapper
    prints str({"result": result, "status": None}) and its runner keeps what follows "'result': "
    up to the end of that line, which we reproduce."""
    try:
        return native(result)
    except (TypeError, RecursionError):
        pass
    if status is not None:
        return str(result)
    import re

    printed = str({"result": result, "status": None})
    match = re.search("'result': (.*?)$", printed)
    return match.groups()[0] if match else printed
