"""Alias format strings: parameters extracted as st2 extracts them, and the alias test case's assertions."""

import os
import unittest

from st2tests.alias_format import ParseException, extract_parameters
from st2tests.base import BaseActionAliasTestCase

DEPLOY = ("deploy {{app}}( to {{target=staging}})?( as {{user}})? note {{note}}")


class ExtractParametersTest(unittest.TestCase):
    def test_required_optional_and_absent_parameters(self):
        self.assertEqual(extract_parameters(DEPLOY, "deploy web note first try"),
                         {"app": "web", "target": "staging", "user": None, "note": "first try"})
        self.assertEqual(extract_parameters(DEPLOY, "deploy web to prod as ops note  roll back"),
                         {"app": "web", "target": "prod", "user": "ops", "note": "roll back"})

    def test_quoted_and_json_values(self):
        self.assertEqual(extract_parameters("run {{cmd}} on {{hosts}}", 'run "ls -la" on \'a b\''),
                         {"cmd": "ls -la", "hosts": "a b"})
        self.assertEqual(extract_parameters("post {{body}}", 'post {"k": 1}'), {"body": '{"k": 1}'})

    def test_default_parameter_may_be_left_out_with_its_space(self):
        fmt = "restart {{service}} {{delay=5}}"
        self.assertEqual(extract_parameters(fmt, "restart nginx"), {"service": "nginx", "delay": "5"})
        self.assertEqual(extract_parameters(fmt, "restart nginx 30"), {"service": "nginx", "delay": "30"})
        self.assertEqual(extract_parameters("echo {{ text = 'hi there' }}", "echo"), {"text": "hi there"})

    def test_trailing_key_value_pairs_are_parameters(self):
        self.assertEqual(extract_parameters("restart {{service}}", "restart nginx force=true reason=\"disk full\""),
                         {"service": "nginx", "force": "true", "reason": "disk full"})

    def test_mismatch_raises(self):
        with self.assertRaises(ParseException) as caught:
            extract_parameters("restart {{service}}", "stop nginx")
        self.assertEqual(str(caught.exception), 'Command "stop nginx" doesn\'t match format string "restart {{service}}"')


class PackAliasTests(BaseActionAliasTestCase):
    """Run below against the fixture pack's aliases, not collected itself."""

    __test__ = False
    action_alias_name = "greet"

    def test_wrong_parameters(self):
        self.assertExtractedParametersMatch(format_string="greet {{name}}", command="greet Ada",
                                            parameters={"name": "Bob"})

    def test_no_format_matches(self):
        self.assertCommandMatchesExactlyOneFormatString(self.action_alias_db.get_format_strings(), "wave at Ada")

    def test_two_formats_match(self):
        self.assertCommandMatchesExactlyOneFormatString(["greet {{name}}", "greet {{a}} {{b=1}}"], "greet Ada")


class MissingAliasTests(BaseActionAliasTestCase):
    __test__ = False
    action_alias_name = "no_such_alias"

    def test_anything(self):
        pass


class AliasCaseTest(unittest.TestCase):
    """The alias test case finds the pack from the test module's file; these live beside the fixture pack."""

    def run_case(self, case):
        result = unittest.TestResult()
        # The pack is the parent of the test module's directory: point it at the fixture pack.
        case._get_base_pack_path = lambda self: os.path.join(os.path.dirname(__file__), "fixture_pack")
        unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
        return result

    def test_failed_assertions_say_what_differed(self):
        result = self.run_case(PackAliasTests)
        self.assertEqual(result.testsRun, 3)
        self.assertEqual(result.errors, [])
        messages = {test.id().rsplit(".", 1)[1]: text for test, text in result.failures}
        self.assertIn("expected {'name': 'Bob'}, got {'name': 'Ada'}", messages["test_wrong_parameters"])
        self.assertIn('Command "wave at Ada" didn\'t match any of the provided format strings',
                      messages["test_no_format_matches"])
        self.assertIn('Command "greet Ada" matched multiple format strings: greet {{name}}, greet {{a}} {{b=1}}',
                      messages["test_two_formats_match"])

    def test_unknown_alias_name_is_an_error(self):
        result = self.run_case(MissingAliasTests)
        self.assertEqual(len(result.errors), 1)
        self.assertIn('Alias with name "no_such_alias" not found', result.errors[0][1])
