"""A deterministic JSON value of about `size` bytes, varied enough that a lossy store shows:
nested objects and lists, non-ASCII and escaped text, integers up to 2**53, floats, booleans, null.
The test that round-trips it imports this module outside the sandbox to know what to expect."""


def make(size):
    records = []
    written = 0
    index = 0
    while written < size:
        record = {
            "id": index,
            "name": u"record-%06d \u00e9\u4e2d\U0001F600 \"quoted\" \\ tab\t line\n" % index,
            "big": 2 ** 53 - index,
            "negative": -index * 7919,
            "ratio": index / 4.0,
            "flags": [index % 2 == 0, None, index % 3 == 0],
            "nested": {"depth": {"level": index % 17, "tags": ["a%d" % (index % 5), "b", u"\u0001ctl"]}},
        }
        records.append(record)
        written += 245
        index += 1
    return {"records": records, "count": index}
