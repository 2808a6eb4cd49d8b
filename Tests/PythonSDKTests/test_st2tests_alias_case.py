"""Alias test cases import (so a pack's other tests run) but each fails, saying aliases are unsupported."""

import unittest

from st2tests.base import BaseActionAliasTestCase


class PackAliasTests(BaseActionAliasTestCase):
    """Written the way Exchange packs write alias tests; run below, not collected itself."""

    __test__ = False
    action_alias_name = "geoip"

    def test_format(self):
        self.assertExtractedParametersMatch(format_string="geoip {{ip}}", command="geoip 1.1.1.1",
                                            parameters={"ip": "1.1.1.1"})


class AliasCaseTest(unittest.TestCase):
    def test_each_alias_test_fails_with_a_reason(self):
        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(PackAliasTests).run(result)
        self.assertEqual(result.testsRun, 1)
        self.assertEqual(len(result.errors), 1)
        self.assertIn("NotImplementedError: action alias tests are not supported by squall yet",
                      result.errors[0][1])
        self.assertIn("'geoip'", result.errors[0][1])
