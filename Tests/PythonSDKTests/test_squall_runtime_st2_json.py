"""Results are encoded as st2 encodes them with orjson (expected values checked against orjson 3)."""

import collections
import dataclasses
import datetime
import enum
import unittest
import uuid

from squall_runtime.st2_json import native, st2_result


class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: int
    when: datetime.date


class Key(str):
    pass


Pair = collections.namedtuple("Pair", "a b")

ENCODED = [
    (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc), "2024-01-02T03:04:05.123456+00:00"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
     "2024-01-02T03:04:05+05:30"),
    (datetime.date(2024, 1, 2), "2024-01-02"),
    (datetime.time(3, 4, 5, 7), "03:04:05.000007"),
    (uuid.UUID("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
    (Colour.RED, "red"),
    (Point(1, datetime.date(2020, 1, 1)), {"x": 1, "when": "2020-01-01"}),
    ((1, [2, (3,)]), [1, [2, [3]]]),
    (float("nan"), None),
    (float("-inf"), None),
    (2 ** 64 - 1, 2 ** 64 - 1),
    (-(2 ** 63), -(2 ** 63)),
    (Key("k"), "k"),
    ({"a": {"b": [None, True, 1.5]}}, {"a": {"b": [None, True, 1.5]}}),
]

REFUSED = [
    {1: "a"}, {None: 1}, {Key("k"): 1}, 2 ** 64, -(2 ** 63) - 1, "\ud800", b"x", {1, 2}, Pair(1, 2),
    datetime.time(3, 4, 5, tzinfo=datetime.timezone.utc), datetime.timedelta(days=1), object(),
]


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


class St2JsonTest(unittest.TestCase):
    def test_values_orjson_writes(self):
        for value, expected in ENCODED:
            self.assertEqual(native(value), expected, repr(value))

    def test_values_orjson_refuses(self):
        for value in REFUSED:
            with self.assertRaises(TypeError, msg=repr(value)):
                native(value)

    def test_orjsons_nesting_limit(self):
        self.assertEqual(native(nested(253)), nested(253))
        with self.assertRaises(TypeError):
            native(nested(254))

    def test_st2s_fallbacks(self):
        # With a status: str(result); without: what st2's runner parses out of the printed dict.
        self.assertEqual(st2_result(True, {1: "a"}), "{1: 'a'}")
        self.assertEqual(st2_result(None, {1: "a"}), "{1: 'a'}, 'status': None}")
        self.assertEqual(st2_result(None, {"when": datetime.date(2024, 1, 2)}), {"when": "2024-01-02"})


if __name__ == "__main__":
    unittest.main()
