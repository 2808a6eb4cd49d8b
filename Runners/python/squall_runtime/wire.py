"""JSON for the channel, through the C functions behind the json module, without importing it.

`import json` imports and compiles re (about two thirds of a bare interpreter's start-up in
instructions); json.dumps and json.loads themselves call _json's encoder and scanner, which need
no re. `dumps(value)` is `json.dumps(value, allow_nan=False)` and `loads(text)` is
`json.loads(text)`, with the same results and exception types; where _json is missing (not
CPython) they are the json module's.
"""

try:
    from _json import encode_basestring_ascii as _quote
    from _json import make_encoder as _make_encoder
    from _json import make_scanner as _make_scanner
except ImportError:
    _make_encoder = None

_WHITESPACE = " \t\n\r"


def _not_serializable(value):
    # json.JSONEncoder.default's error.
    raise TypeError("Object of type %s is not JSON serializable" % value.__class__.__name__)


class _ScannerSettings(object):
    """What _json's scanner reads from a json.JSONDecoder: json.loads' defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__
    memo = None


if _make_encoder is not None:
    _scan = _make_scanner(_ScannerSettings())

    def dumps(value):
        # json.JSONEncoder(allow_nan=False).encode(value): the same encoder with the same arguments.
        if isinstance(value, str):
            return _quote(value)
        encode = _make_encoder({}, _not_serializable, _quote, None, ": ", ", ", False, False, False)
        return "".join(encode(value, 0))

    def loads(text):
        start, end = 0, len(text)
        while start < end and text[start] in _WHITESPACE:
            start += 1
        while end > start and text[end - 1] in _WHITESPACE:
            end -= 1
        try:
            value, stop = _scan(text, start)
        except StopIteration:
            stop = None
        if stop != end:
            # Malformed: let the json module say where, as json.loads would.
            import json
            return json.loads(text)
        return value
else:
    def dumps(value):
        import json
        return json.dumps(value, allow_nan=False)

    def loads(text):
        import json
        return json.loads(text)
