"""The base of pack unit tests: finds the pack from the test module's file and reads fixtures."""

import inspect
import os
import unittest

__all__ = ["BasePackResourceTestCase"]

FIXTURES_DIR = os.path.join("tests", "fixtures")


class BasePackResourceTestCase(unittest.TestCase):
    """Pack tests live in `<pack>/tests/`, so the pack is the parent of the test module's directory."""

    def get_fixture_content(self, fixture_path):
        """The text of `<pack>/tests/fixtures/<fixture_path>`."""
        path = os.path.join(self._get_base_pack_path(), FIXTURES_DIR, fixture_path)
        with open(path, "r") as fixture:
            return fixture.read()

    def _get_base_pack_path(self):
        # The file of the concrete test class (not this module), as a pack's tests expect.
        test_file = inspect.getfile(type(self))
        return os.path.abspath(os.path.join(os.path.dirname(test_file), ".."))
