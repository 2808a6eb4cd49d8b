#!/usr/bin/env python3
"""Python's json module as the oracle for JSONParser (JSONParserPythonTests).

  json_oracle.py generate SEED COUNT DOCS EXPECTED   random documents (base64, one a line), some
                                                     mutated into invalid ones, and what Python reads
  json_oracle.py compare EXPECTED ACTUAL             exit 1 on any difference, listing them

A value is compared in a typed form, so 1 and 1.0 differ and doubles compare bit for bit:
["n"], ["b", bool], ["i", "digits"], ["d", "bit pattern"], ["s", str], ["a", [...]], ["o", {...}].
Where squall parts from Python on purpose, the expected line is "error": NaN/Infinity, lone
surrogates and numbers beyond a double's range are refused; integers beyond Int64 become doubles.
"""
import base64, json, math, random, re, struct, sys

WS = " \t\n\r"
CHARS = list("abcXYZ019 _-:,[]{}") + ['"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f",
         "é", "ß", "€", "\u2028", "\ufeff", "\uffff", "中", "😀", "\U0010ffff"]


def ws(rng):
    return "".join(rng.choice(WS) for _ in range(rng.choice([0, 0, 0, 1, 2])))


def gen_string(rng):
    out = ['"']
    for _ in range(rng.randrange(0, 12)):
        c = rng.choice(CHARS)
        mode = rng.random()
        if rng.random() < 0.01:
            out.append("\\u%04x" % rng.choice([0xD800, 0xDBFF, 0xDC00, 0xDFFF]))  # a lone surrogate
        elif c in '"\\' or ord(c) < 0x20 or mode < 0.3:
            short = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
            if c in short and mode < 0.6:
                out.append(short[c])
            else:
                for unit in c.encode("utf-16-be").hex(), :
                    for i in range(0, len(unit), 4):
                        hexd = unit[i:i + 4]
                        out.append("\\u" + (hexd.upper() if rng.random() < 0.5 else hexd))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def gen_number(rng):
    kind = rng.randrange(12)
    if kind == 0:
        return str(rng.randrange(-1000, 1000))
    if kind == 1:
        return str(rng.choice([2**63 - 1, -2**63, 2**63, -2**63 - 1, 2**64, 10**18, 10**19, -10**19, 10**25, 10**308, 10**309]) + rng.randrange(-2, 3))
    if kind == 2:
        return str(rng.randrange(-10**18, 10**18))
    bits = rng.getrandbits(64)
    f = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if not math.isfinite(f):
        f = 1.5
    if kind in (3, 4):
        return repr(f)
    if kind in (5, 6):
        return "%.17g" % f if any(ch in "%.17g" % f for ch in ".e") else "%.17g.0" % f
    if kind == 7:
        return "%.17g" % rng.uniform(-1e6, 1e6)
    if kind == 8:
        return rng.choice(["1e400", "-1e400", "1e-400", "-0.0", "-0", "0.0", "1E+2", "1e-2", "2.2250738585072011e-308",
                           "4.9406564584124654e-324", "1.7976931348623157e308", "0.30000000000000004", "1.0",
                           "123456789012345678901234567890.5", "0." + "1" * 40, "9007199254740993.0"])
    if kind == 9:
        return "%d.%de%s%d" % (rng.randrange(0, 100), rng.randrange(0, 10**6), rng.choice(["", "+", "-"]), rng.randrange(0, 330))
    if kind == 10:
        return "%.*f" % (rng.randrange(0, 20), rng.uniform(-1e3, 1e3))
    return "%.*e" % (rng.randrange(0, 20), f)


def gen_value(rng, depth):
    kind = rng.randrange(10 if depth < 8 else 7)
    if kind == 0:
        return rng.choice(["null", "true", "false"])
    if kind in (1, 2, 3):
        return gen_number(rng)
    if kind in (4, 5, 6):
        return gen_string(rng)
    if kind in (7, 8):
        items = [ws(rng) + gen_value(rng, depth + 1) + ws(rng) for _ in range(rng.randrange(0, 5))]
        return "[" + ",".join(items) + ws(rng) + "]"
    keys = [gen_string(rng) for _ in range(rng.randrange(0, 5))]
    if keys and rng.random() < 0.2:
        keys.append(rng.choice(keys))  # a duplicate key: the last one wins
    members = [ws(rng) + k + ws(rng) + ":" + ws(rng) + gen_value(rng, depth + 1) + ws(rng) for k in keys]
    return "{" + ",".join(members) + ws(rng) + "}"


INTERESTING = b'{}[]",:\\ 0123456789-+.eEtfnu\x00\x01\x1f\x7f\x80\xbf\xc0\xc3\xed\xf4\xf5\xff'


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randrange(1, 3)):
        op = rng.randrange(5)
        pos = rng.randrange(0, len(data) + 1)
        if op == 0 and pos < len(data):
            del data[pos]
        elif op == 1:
            data[pos:pos] = bytes([rng.choice(INTERESTING)])
        elif op == 2 and pos < len(data):
            data[pos] = rng.choice(INTERESTING)
        elif op == 3:
            del data[pos:]
        else:
            data[pos:pos] = data[rng.randrange(0, len(data) + 1):][:rng.randrange(1, 8)]
    return bytes(data)


def reject_constant(name):
    raise ValueError("constant " + name)


# Numbers are checked as they are read: one under a key that a duplicate replaces is gone from
# Python's result, but squall refuses it all the same.
def read_int(text):
    value = int(text)
    if not -2**63 <= value < 2**63:
        float(value)  # OverflowError beyond a double
    return value


def read_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("beyond a double")
    return value


def typed(value):
    if value is None:
        return ["n"]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        if -2**63 <= value < 2**63:
            return ["i", str(value)]
        return typed(float(value))  # OverflowError beyond a double: refused
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not finite")
        return ["d", str(struct.unpack("<Q", struct.pack("<d", value))[0])]
    if isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValueError("lone surrogate")
        return ["s", value]
    if isinstance(value, list):
        return ["a", [typed(v) for v in value]]
    return ["o", {typed(k)[1]: typed(v) for k, v in value.items()}]


def has_lone_surrogate_escape(text):
    # Escapes scanned left to right (so "\\\\" is one escape); a value that a duplicate key
    # replaced is gone from Python's result, but squall refuses its lone surrogate all the same.
    escapes = list(re.finditer(r"\\(u[0-9a-fA-F]{4}|.)", text))
    index = 0
    while index < len(escapes):
        code = int(escapes[index].group(1)[1:], 16) if escapes[index].group(1)[0] == "u" else None
        if code is not None and 0xD800 <= code <= 0xDBFF:
            following = escapes[index + 1] if index + 1 < len(escapes) else None
            if (following is None or following.start() != escapes[index].end() or following.group(1)[0] != "u"
                    or not 0xDC00 <= int(following.group(1)[1:], 16) <= 0xDFFF):
                return True
            index += 2
            continue
        if code is not None and 0xDC00 <= code <= 0xDFFF:
            return True
        index += 1
    return False


def python_reads(data):
    try:
        text = data.decode("utf-8")
        value = typed(json.loads(text, parse_constant=reject_constant, parse_int=read_int, parse_float=read_float))
    except (ValueError, OverflowError, RecursionError):
        return "error"
    return "error" if has_lone_surrogate_escape(text) else json.dumps(value)


def generate(seed, count, docs_path, expected_path):
    rng = random.Random(seed)
    with open(docs_path, "w") as docs, open(expected_path, "w") as expected:
        for _ in range(count):
            data = (ws(rng) + gen_value(rng, 0) + ws(rng)).encode("utf-8", "surrogatepass")
            if rng.random() < 0.3:
                data = mutate(rng, data)
            docs.write(base64.b64encode(data).decode() + "\n")
            expected.write(python_reads(data) + "\n")


def compare(expected_path, actual_path, docs_path):
    # Lines end at "\n" only: squall writes U+2028 and the like unescaped, which splitlines() would split at.
    expected, actual, docs = (open(path, encoding="utf-8", newline="").read().split("\n")[:-1]
                              for path in (expected_path, actual_path, docs_path))
    if len(expected) != len(actual):
        print("line counts differ: %d expected, %d actual" % (len(expected), len(actual)))
        return 1
    bad = 0
    for number, (want, got) in enumerate(zip(expected, actual)):
        same = want == got == "error" or (want != "error" and got != "error" and json.loads(want) == json.loads(got))
        if not same:
            bad += 1
            if bad <= 10:
                print("document %d %r: python %s, squall %s" % (number, base64.b64decode(docs[number])[:200], want[:200], got[:200]))
    print("%d of %d documents differ (%d refused by both)" % (bad, len(expected), sum(1 for w, g in zip(expected, actual) if w == g == "error")))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
