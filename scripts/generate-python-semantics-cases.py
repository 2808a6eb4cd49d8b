#!/usr/bin/env python3
"""Writes Tests/SquallPythonTests/PythonResults.swift: each case's expected result is what this
python3 computes, so SquallPython is checked against Python itself (no Python at test time)."""
import math
import sys

NAN, INF = float("nan"), float("inf")


def swift_string(s):
    out = []
    for ch in s:
        cp = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= cp < 0x7F:
            out.append(ch)
        else:
            out.append("\\u{%X}" % cp)
    return '"' + "".join(out) + '"'


def swift_value(v):
    if v is None:
        return ".null"
    if isinstance(v, bool):
        return ".bool(%s)" % ("true" if v else "false")
    if isinstance(v, int):
        return ".int(%d)" % v
    if isinstance(v, float):
        if math.isnan(v):
            return ".double(.nan)"
        if math.isinf(v):
            return ".double(%s.infinity)" % ("-" if v < 0 else "")
        return ".double(%r)" % v
    if isinstance(v, str):
        return ".string(%s)" % swift_string(v)
    if isinstance(v, (list, tuple)):
        return ".array([%s])" % ", ".join(swift_value(x) for x in v)
    if isinstance(v, dict):
        if not v:
            return ".object([:])"
        return ".object([%s])" % ", ".join("%s: %s" % (swift_string(k), swift_value(x)) for k, x in v.items())
    raise TypeError(v)


def py(v):
    """Source text for a value, ASCII-only so combining characters stay visible."""
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return "float('%s')" % ("nan" if math.isnan(v) else ("-inf" if v < 0 else "inf"))
    if isinstance(v, list):
        return "[%s]" % ", ".join(py(x) for x in v)
    if isinstance(v, tuple):
        return "(%s%s)" % (", ".join(py(x) for x in v), "," if len(v) == 1 else "")
    if isinstance(v, dict):
        return "{%s}" % ", ".join("%s: %s" % (py(k), py(x)) for k, x in v.items())
    return ascii(v)


def percent_args(v):
    return ".tuple([%s])" % ", ".join(swift_value(x) for x in v) if isinstance(v, tuple) else ".single(%s)" % swift_value(v)


OPS = {
    "==": (lambda a, b: a == b, lambda a, b: ".bool(Python.equal(%s, %s))" % (a, b)),
    "<": (lambda a, b: a < b, lambda a, b: ".bool(try Python.compare(%s, .less, %s))" % (a, b)),
    "<=": (lambda a, b: a <= b, lambda a, b: ".bool(try Python.compare(%s, .lessOrEqual, %s))" % (a, b)),
    ">": (lambda a, b: a > b, lambda a, b: ".bool(try Python.compare(%s, .greater, %s))" % (a, b)),
    ">=": (lambda a, b: a >= b, lambda a, b: ".bool(try Python.compare(%s, .greaterOrEqual, %s))" % (a, b)),
    "in": (lambda a, b: a in b, lambda a, b: ".bool(try Python.contains(%s, %s))" % (b, a)),
}


def binary(op, a, b):
    return ("%s %s %s" % (py(a), op, py(b)), lambda: OPS[op][0](a, b), OPS[op][1](swift_value(a), swift_value(b)))


def call(name, v, swift_name=None, wrap=".string"):
    fn = {"bool": bool, "repr": repr, "str": str, "len": len, "float": float}[name]
    return ("%s(%s)" % (name, py(v)), lambda: fn(v),
            "%s(%sPython.%s(%s))" % (wrap, "try " if name in ("len", "float") else "", swift_name or name, swift_value(v)))


def method(name, s, *args):
    swift_args = ", ".join(swift_string(a) for a in args)
    text = "%s.%s(%s)" % (py(s), name, ", ".join(py(a) for a in args))
    if name in ("lower", "upper", "casefold"):
        return (text, lambda: getattr(s, name)(), ".string(Python.%s(%s))" % (name, swift_string(s)))
    if name == "find":
        return (text, lambda: s.find(*args), ".int(Python.find(%s, in: %s) ?? -1)" % (swift_args, swift_string(s)))
    if name in ("startswith", "endswith"):
        swift = "startsWith" if name == "startswith" else "endsWith"
        return (text, lambda: getattr(s, name)(*args), ".bool(Python.%s(%s, %s))" % (swift, swift_string(s), swift_args))
    raise ValueError(name)


def percent(fmt, v):
    return ("%s %% %s" % (py(fmt), py(v)), lambda: fmt % v,
            ".string(try Python.percentFormat(%s, %s))" % (swift_string(fmt), percent_args(v)))


E, AE = "caf\u00e9", "cafe\u0301"  # precomposed and decomposed
GROUPS = {
    "equality": [binary("==", *p) for p in [
        (1, 1.0), (True, 1), (True, 1.0), (False, 0), (None, 0), (None, None), (None, False), ("", None),
        (E, AE), ("e", "e\u0301"), ("\u00e9", "e\u0301"), ("abc", "abc"), (1, "1"), ([], {}),
        ([1], [1.0]), ([1, [True]], [1.0, [1]]), ([1, 2], [1]), ({"a": 1}, {"a": 1.0}), ({"a": 1}, {"a": 1, "b": 2}),
        ({E: 1}, {AE: 1}), ({"a": [1]}, {"a": [1.0]}), (9007199254740993, 9007199254740992.0),
        (9007199254740992, 9007199254740992.0), (NAN, NAN), ([float("nan")], [float("nan")]), (-0.0, 0), (INF, INF),
        (2**63 - 1, 9223372036854775807.0),
    ]],
    "ordering": [binary(*t) for t in [
        ("<", "a", 1), ("<", 1, "a"), ("<", None, None), ("<", [1, 2], [1, 3]), ("<", [1], [1, 0]),
        ("<", [1, "a"], [1, 2]), ("<", [], []), ("<=", [], []), ("<", E, AE), ("<", AE, E), (">", "e\u0301", "e"),
        ("<", "Z", "a"), ("<", "\uffff", "\U0001F600"), ("<", True, 2), ("<", 1, 1.5), ("<=", 2, 2.0),
        (">", 9007199254740993, 9007199254740992.0), ("<", NAN, 1), (">=", 1, NAN), ("<", {"a": 1}, {"a": 2}),
        (">", INF, 10**18), ("<", -0.0, 0), ("<=", -0.0, 0), ("<", [NAN], [1]), (">=", "b", "ab"),
        ("<", [1, [2]], [1, [2, 0]]), ("<", 1.5, True), ("<", "a", None), (">", [1], "a"),
    ]],
    "membership": [binary("in", *p) for p in [
        ("cafe", AE), (E, AE), ("e\u0301", E), ("e", E), ("", "abc"), ("", ""), (1, "abc"), (None, "abc"),
        (1, [1.0]), (True, [1]), ([1], [[1.0]]), ("a", {"a": 1}), (1, {"a": 1}), (None, {"a": 1}),
        ([1], {"a": 1}), ({"a": 1}, {"a": 1}), (AE, {E: 1}), ("a", 1), ("a", None), ("a", 1.5),
        ("\U0001F600", "x\U0001F600y"), ("\u0301", AE), ({"a": 1}, [{"a": 1.0}]),
    ]],
    "truthiness": [call("bool", v, "isTruthy", ".bool") for v in [
        0, 0.0, -0.0, "", [], {}, None, False, NAN, 1, -1, 0.5, " ", "0", [0], {"a": None}, True, INF,
    ]],
    "repr": [call("repr", v) for v in [
        1.0, 0.1, 1e16, 1e15, 9999999999999998.0, 1.5e-07, 1e-05, 0.0001, 5e-324, 1.7976931348623157e308,
        -0.0, INF, -INF, NAN, 123456789012345680.0, 1e22, 0.30000000000000004, 2.5, -1.25e-10, 100.0,
        12345678901234567.0, 1234567890123456.8, -1.0,
        "it's", 'say "hi"', "both ' and \"", "tab\tnl\ncr\r", "\x00\x1f\x7f", "\x80\xa0\xad", E, AE, "\u200b",
        "\u2028", "\ue000", "\U0001F600", "\\", "\u00df", "\u3000", "'\u0301", "",
        {"a": [1, 2.0, None, True], "b": "x"}, [], {}, [[]], ["'"], [E, {"k": -0.0}], 7, -3, True, None,
        {"e\u0301": 1, "f": 2},
    ]] + [call("str", v) for v in [None, True, 1.0, "x", [1, "a"], 1e16, {"a": "b"}]],
    "caseMappings": [method(m, s) for s in [
        "\u00df", "\u0130", "\ufb01", "\u03a3\u0391\u03a3", "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3",
        "\u03a3", "a\u03a3", "a\u03a3b", "a\u03a3'", "A\u03a3\u0301", "A\u03a3 B", "\u01c5", "\u0149", "\u0390",
        "Stra\u00dfe", "\uab70", "\u13f8", "\u212a", "\u017f", "\u00b5", "\u03c2", "I\u0307",
    ] for m in ("lower", "upper", "casefold")],
    "text": [method(*t) for t in [
        ("find", AE + "x", "x"), ("find", E, "e"), ("find", "a\U0001F600b", "b"), ("find", "abc", ""),
        ("startswith", AE, "cafe"), ("endswith", E, "e"), ("endswith", "e\u0301", "\u0301"),
        ("startswith", "e\u0301", "\u00e9"),
    ]] + [call("len", v, "length", ".int") for v in [AE, E, "\U0001F600", [1, 2], {"a": 1}, 3, None]]
      + [("sorted(%s)" % py(d), lambda d=d: sorted(d), ".array(try Python.iterate(%s))" % swift_value(d))
         for d in [{"f": 2, "e\u0301": 1}, {"\u00e9": 1, "f": 2}, {"b": 1, "a": 2}]]
      + [call("float", v, wrap=".double") for v in [" 1_000.5 ", "0x10", "inf", "-Infinity", "1e5", True, None,
                                                     "abc", "", "1__0", "\u20031.5\n", 7, [1]]],
    "percentFormat": [percent(*t) for t in [
        ("%s", "x"), ("%s and %s", (1, 2)), ("%d", 3.7), ("%d", -3.7), ("%5.2f", 3.14159), ("%-5s|", "ab"),
        ("%05d", -42), ("%x", 255), ("%#x", 255), ("%#o", 8), ("%X", -255), ("%#06x", 255), ("%e", 12345.678),
        ("%g", 0.0001), ("%r", "a"), ("%(a)s-%(b)r", {"a": 1, "b": "x"}), ("%.2s", "abcdef"), ("%c", 65),
        ("%c", "\u00e9"), ("%%", ()), ("%s", None), ("%s", True), ("%s %s", (1,)), ("%s", (1, 2)), ("abc", 5),
        ("abc", {"a": 1}), ("abc", [1]), ("%d", "x"), ("%x", 1.5), ("%f", "x"), ("%(a)s", {"b": 1}),
        ("%+d", 5), ("% d", 5), ("%s", [1, 2]), ("%s", {"a": 1}), ("%5s|", "e\u0301"), ("%z", 1),
        ("%d", INF), ("%s", 1e16), ("%i", True), ("%.3e", 0.0), ("%s", (1,)), ("%(a)s %s", {"a": 1}), ("%s %(a)s", {"a": 1}),
        ("%", 1), ("%.1f%%", 99.5), ("%c", 0x110000), ("%(a)s", [1]),
    ]],
}


def outcome(compute):
    try:
        result = compute()
    except (TypeError, ValueError, KeyError, OverflowError) as error:
        return '.error(%s)' % swift_string("%s: %s" % (type(error).__name__, error))
    return ".value(%s)" % swift_value(result)


out = ["// Generated by scripts/generate-python-semantics-cases.py from Python %d.%d.%d on the build"
       % sys.version_info[:3],
       "// machine: every expected outcome is what python3 computed. Do not edit by hand.", "",
       "import SquallModel", "import SquallPython", "", "enum PythonResults {"]
for group, cases in GROUPS.items():
    out.append("    static let %s: [PythonCase] = [" % group)
    for text, compute, swift in cases:
        out.append("        PythonCase(%s, %s) { %s }," % (swift_string(text), outcome(compute), swift))
    out.append("    ]")
    out.append("")
out[-1] = "}"
sys.stdout.write("\n".join(out) + "\n")
