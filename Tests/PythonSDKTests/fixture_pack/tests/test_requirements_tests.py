"""The pack's requirements-tests.txt is installed for its tests, as st2-run-pack-tests does."""

import unittest


class RequirementsTestsTestCase(unittest.TestCase):
    def test_test_requirement_is_importable(self):
        import tabulate

        self.assertIn("| a |", tabulate.tabulate([["a"]], tablefmt="github"))
