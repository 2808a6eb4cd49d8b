"""BaseActionTestCase, fixture loading, and the package's dependencies."""

import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from st2common.runners.base_action import Action
from st2tests.actions import get_action_class_instance
from st2tests.base import BaseActionTestCase, BaseTestCase
from st2tests.mocks.action import MockActionService

SDK_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "Runners", "python"))


class ModernAction(Action):
    def run(self, key):
        return self.action_service.get_value(key)


class ConfigOnlyAction(Action):
    def __init__(self, config):
        super(ConfigOnlyAction, self).__init__(config=config)

    def run(self):
        return self.config


class BrokenConstructorAction(Action):
    def __init__(self, config=None, action_service=None):
        raise TypeError("something else went wrong")

    def run(self):
        pass


class ActionCaseTest(BaseActionTestCase):
    action_cls = ModernAction

    def test_setup_builds_a_service_local_to_the_action_class(self):
        self.assertIsInstance(self.action_service, MockActionService)
        self.action_service.set_value("k", "v")
        self.assertEqual(self.action_service.get_value("tests.ModernAction:k", local=False), "v")

    def test_instance_shares_the_test_service(self):
        self.action_service.set_value("k", "v")
        action = self.get_action_instance(config={"c": 1})
        self.assertEqual(action.config, {"c": 1})
        self.assertEqual(action.run(key="k"), "v")

    def test_config_defaults_to_an_empty_dict_as_in_st2(self):
        # st2's Action wraps `config or {}` in a PackConfigDict (missing keys raise ValueError).
        self.assertEqual(self.get_action_instance().config, {})


class ConfigOnlyActionCaseTest(BaseActionTestCase):
    action_cls = ConfigOnlyAction

    def test_service_is_assigned_after_construction(self):
        action = self.get_action_instance(config={"a": 1})
        self.assertIs(action.action_service, self.action_service)
        self.assertEqual(action.run(), {"a": 1})


class InstanceHelperTest(unittest.TestCase):
    def test_other_type_errors_propagate(self):
        with self.assertRaisesRegex(TypeError, "something else went wrong"):
            get_action_class_instance(BrokenConstructorAction, config={})

    def test_base_test_case_is_a_test_case(self):
        self.assertTrue(issubclass(BaseTestCase, unittest.TestCase))


PACK_TEST_MODULE = textwrap.dedent('''
    from st2tests.base import BaseActionTestCase

    class Holder(object):
        def run(self):
            pass

    class FixtureUser(BaseActionTestCase):
        action_cls = Holder

        def test_reads_nested_fixture(self):
            self.assertEqual(self.get_fixture_content("responses/ok.txt"), "fine\\n")

        def test_missing_fixture_raises(self):
            self.get_fixture_content("responses/missing.txt")
''')


class FixtureContentTest(unittest.TestCase):
    """get_fixture_content reads <pack>/tests/fixtures relative to the test module's own file."""

    def test_fixture_path_follows_the_test_module(self):
        with tempfile.TemporaryDirectory() as pack_dir:
            tests_dir = os.path.join(pack_dir, "tests")
            os.makedirs(os.path.join(tests_dir, "fixtures", "responses"))
            with open(os.path.join(tests_dir, "fixtures", "responses", "ok.txt"), "w") as fixture:
                fixture.write("fine\n")
            module_path = os.path.join(tests_dir, "test_fixture_user.py")
            with open(module_path, "w") as module_file:
                module_file.write(PACK_TEST_MODULE)

            # Imported the way pytest imports a pack's test module: by file, kept in sys.modules.
            spec = importlib.util.spec_from_file_location("squall_tmp_fixture_user", module_path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            try:
                spec.loader.exec_module(module)
                result = unittest.TestResult()
                unittest.defaultTestLoader.loadTestsFromTestCase(module.FixtureUser).run(result)
            finally:
                del sys.modules[spec.name]

        self.assertEqual(result.testsRun, 2)
        self.assertEqual(result.failures, [])
        self.assertEqual(len(result.errors), 1)
        failed_test, traceback_text = result.errors[0]
        self.assertIn("test_missing_fixture_raises", failed_test.id())
        self.assertIn("FileNotFoundError", traceback_text)
        self.assertIn(os.path.join("tests", "fixtures", "responses", "missing.txt"), traceback_text)


class DependenciesTest(unittest.TestCase):
    def test_imports_with_the_standard_library_only(self):
        # -S: no site-packages at all (no six, pytest or pyzmq); only the SDK directory is added.
        code = ("import sys; import st2tests.base, st2tests.mocks.sensor, st2tests.mocks.datastore;"
                "print(sorted(m for m in ('zmq', 'six', 'pytest') if m in sys.modules))")
        env = {"PYTHONPATH": SDK_DIR, "PYTHONDONTWRITEBYTECODE": "1"}
        output = subprocess.check_output([sys.executable, "-S", "-c", code], env=env)
        self.assertEqual(output.decode().strip(), "[]")
