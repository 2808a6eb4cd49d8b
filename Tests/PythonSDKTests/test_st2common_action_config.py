"""An action's self.config: a dict whose missing keys raise ValueError naming the pack, as in st2."""

import unittest

from st2common.runners.base_action import Action
from st2common.runners.utils import PackConfigDict
from st2tests.base import BaseActionTestCase


class NeedsToken(Action):
    def run(self):
        return self.config["token"]


class ActionConfigTest(BaseActionTestCase):
    action_cls = NeedsToken

    def test_present_key_and_dict_behaviour(self):
        action = self.get_action_instance(config={"token": "t"})
        self.assertEqual(action.run(), "t")
        self.assertIsInstance(action.config, dict)
        self.assertEqual(action.config, {"token": "t"})
        self.assertIsNone(action.config.get("other"))

    def test_missing_key_names_pack_and_key(self):
        for config in (None, {}):
            action = self.get_action_instance(config=config)
            with self.assertRaises(ValueError) as caught:
                action.run()
            self.assertTrue(caught.exception.args[0].startswith('Config for pack "tests" is missing key "token".'),
                            caught.exception.args[0])
            self.assertIn("squall pack config tests", caught.exception.args[0])


class WithoutServiceTest(unittest.TestCase):
    def test_pack_is_unknown_without_a_service(self):
        with self.assertRaises(ValueError) as caught:
            NeedsToken().run()
        self.assertIn('Config for pack "unknown" is missing key "token"', caught.exception.args[0])
        self.assertEqual(PackConfigDict("p", {"a": 1})["a"], 1)
