"""ISO 8601 timestamps the way st2common.util.isotime reads and writes them (packs format API
dates with it, e.g. the GitHub pack's formatters)."""

import datetime
import re

__all__ = ["format", "parse", "validate", "add_utc_tz", "get_datetime_utc_now"]

_FORMAT = "%Y-%m-%dT%H:%M:%S"
_FORMAT_USEC = "%Y-%m-%dT%H:%M:%S.%f"
# Date, time, optional fraction, then Z or an offset (with or without the colon).
_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$")


def get_datetime_utc_now():
    """Now, timezone-aware in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def add_utc_tz(dt):
    """A naive datetime taken as UTC; an aware one must already be UTC."""
    if dt.tzinfo is not None and dt.utcoffset() != datetime.timedelta(0):
        raise ValueError("datetime %s is not in UTC" % dt)
    return dt.replace(tzinfo=datetime.timezone.utc)


def validate(value, raise_exception=True):
    """Whether `value` is a datetime or an ISO 8601 string st2 accepts."""
    if isinstance(value, datetime.datetime) or (isinstance(value, str) and _PATTERN.match(value)):
        return True
    if raise_exception:
        raise ValueError("Datetime value does not match expected format.")
    return False


def parse(value, preserve_original_tz=False, validate_value=True):
    """An ISO 8601 string as an aware datetime, converted to UTC unless asked to keep its zone;
    a string without a zone is UTC."""
    if validate_value:
        validate(value, raise_exception=True)
    if isinstance(value, datetime.datetime):
        dt = value
    else:
        text = value.replace(" ", "T", 1)
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        dt = datetime.datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt if preserve_original_tz else dt.astimezone(datetime.timezone.utc)


def format(dt, usec=True, offset=True):
    """`2026-01-02T03:04:05.000006+00:00` (offset=True) or `...Z` (offset=False, UTC); a string is parsed first."""
    if isinstance(dt, str):
        dt = parse(dt, preserve_original_tz=True)
    text = dt.strftime(_FORMAT_USEC if usec else _FORMAT)
    if offset:
        zone = dt.strftime("%z")
        return text + (zone[:3] + ":" + zone[3:] if zone else "+00:00")
    name = dt.tzinfo.tzname(dt) if dt.tzinfo else "UTC"
    return text + ("Z" if name == "UTC" else name)
