"""The channel's JSON codec gives what json.dumps(allow_nan=False) and json.loads give."""

import json
import unittest

from squall_runtime import wire


class Opaque(object):
    pass


VALUES = [
    None, True, False, 0, -7, 2 ** 70, 1.5, -0.0, 1e300, "", "plain", "é ünïcode ☃ \U0001F600",
    "quotes \" and \\ and \n\t\r\x00\x1f", [], {}, [1, [2, [3, {"a": None}]]],
    {"type": "execute", "parameters": {"n": 1, "list": [True, None, "é"]}, "config": {}},
    {3: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    (1, 2, "tuple"),
]


class WireTest(unittest.TestCase):
    def test_dumps_matches_json_dumps(self):
        for value in VALUES:
            self.assertEqual(wire.dumps(value), json.dumps(value, allow_nan=False), repr(value))

    def test_loads_matches_json_loads(self):
        for value in VALUES:
            text = json.dumps(value)
            self.assertEqual(repr(wire.loads(text)), repr(json.loads(text)), text)
        for text in [' {"a": 1} \n', "NaN", "-Infinity", "[1e400]", '"\\ud83d\\ude00"', "12345678901234567890"]:
            self.assertEqual(repr(wire.loads(text)), repr(json.loads(text)), text)

    def test_what_json_refuses_it_refuses_with_the_same_exception(self):
        cases = [float("nan"), float("inf"), {"nested": [float("-inf")]}, Opaque(), {"key": {1, 2}},
                 {(1, 2): "tuple key"}, b"bytes"]
        circular = []
        circular.append(circular)
        cases.append(circular)
        for value in cases:
            with self.assertRaises(Exception) as ours:
                wire.dumps(value)
            with self.assertRaises(Exception) as theirs:
                json.dumps(value, allow_nan=False)
            self.assertIs(type(ours.exception), type(theirs.exception), repr(value))
            self.assertEqual(str(ours.exception), str(theirs.exception))

    def test_malformed_text_raises_jsons_error(self):
        for text in ["", "   ", "{", '{"a": 1} trailing', "[1,]", '"unterminated', "{'single': 1}"]:
            with self.assertRaises(json.JSONDecodeError) as ours:
                wire.loads(text)
            with self.assertRaises(json.JSONDecodeError) as theirs:
                json.loads(text)
            self.assertEqual(str(ours.exception), str(theirs.exception), text)
