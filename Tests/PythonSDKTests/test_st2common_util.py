"""st2common.util: isotime (what pack code formats and parses timestamps with) and monkey_patch."""

import datetime
import unittest

from st2common.util import isotime

UTC = datetime.timezone.utc


class IsotimeTest(unittest.TestCase):
    def test_format_naive_and_aware(self):
        naive = datetime.datetime(2026, 1, 2, 3, 4, 5, 6)
        self.assertEqual(isotime.format(naive), "2026-01-02T03:04:05.000006+00:00")
        self.assertEqual(isotime.format(naive, usec=False, offset=False), "2026-01-02T03:04:05Z")
        aware = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
        self.assertEqual(isotime.format(aware, usec=False), "2026-01-02T03:04:05+02:00")
        self.assertEqual(isotime.format(aware.astimezone(UTC), usec=False, offset=False), "2026-01-02T01:04:05Z")

    def test_format_of_a_string_keeps_its_zone(self):
        self.assertEqual(isotime.format("2026-01-02T03:04:05+0530", usec=False), "2026-01-02T03:04:05+05:30")

    def test_parse_converts_to_utc(self):
        self.assertEqual(isotime.parse("2026-01-02T03:04:05Z"), datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        self.assertEqual(isotime.parse("2026-01-02T03:04:05.5+01:00"),
                         datetime.datetime(2026, 1, 2, 2, 4, 5, 500000, tzinfo=UTC))
        self.assertEqual(isotime.parse("2026-01-02 03:04:05"), datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        kept = isotime.parse("2026-01-02T03:04:05+01:00", preserve_original_tz=True)
        self.assertEqual(kept.utcoffset(), datetime.timedelta(hours=1))

    def test_validate(self):
        self.assertTrue(isotime.validate("2026-01-02T03:04:05Z"))
        self.assertFalse(isotime.validate("yesterday", raise_exception=False))
        self.assertRaises(ValueError, isotime.parse, "02/01/2026")

    def test_utc_helpers(self):
        self.assertEqual(isotime.get_datetime_utc_now().utcoffset(), datetime.timedelta(0))
        naive = datetime.datetime(2026, 1, 2)
        self.assertEqual(isotime.add_utc_tz(naive).tzinfo, UTC)
        other = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
        self.assertRaises(ValueError, isotime.add_utc_tz, other)


class MonkeyPatchTest(unittest.TestCase):
    """Pack tests call st2's eventlet monkey_patch from tests/__init__.py; squall has nothing to patch."""

    def test_calls_are_accepted_and_change_nothing(self):
        import socket
        import threading

        from st2common.util import monkey_patch as module

        before = (socket.socket, threading.Thread)
        module.monkey_patch()
        module.monkey_patch(patch_thread=False)
        module.use_select_poll_workaround()
        self.assertEqual((socket.socket, threading.Thread), before)
        self.assertFalse(module.is_use_debugger_flag_provided())
