import json

from st2tests.base import BaseActionTestCase
from st2common.exceptions.action import InvalidActionParameterException

from greet import GreetAction


class GreetActionTestCase(BaseActionTestCase):
    action_cls = GreetAction

    def setUp(self):
        super(GreetActionTestCase, self).setUp()
        self.config = json.loads(self.get_fixture_content("greet_config.json"))

    def test_run_uses_greeting_from_config(self):
        action = self.get_action_instance(config=self.config)
        result = action.run(name="Ada")
        self.assertEqual(result, {"line": "Howdy, Ada!", "count": 1})

    def test_run_shouts(self):
        action = self.get_action_instance(config=self.config)
        self.assertEqual(action.run(name="Ada", shout=True)["line"], "HOWDY, ADA!")

    def test_instance_gets_config_and_service(self):
        action = self.get_action_instance(config=self.config)
        self.assertIsInstance(action, GreetAction)
        self.assertEqual(action.config, self.config)
        self.assertIs(action.action_service, self.action_service)

    def test_count_is_kept_in_local_datastore_key(self):
        action = self.get_action_instance(config={})
        action.run(name="Bob")
        action.run(name="Bob")
        self.assertEqual(self.action_service.get_value("greeted.Bob"), "2")
        self.assertEqual(self.action_service.get_value("tests.GreetAction:greeted.Bob", local=False), "2")
        self.assertIsNone(self.action_service.get_value("greeted.Bob", local=False))

    def test_too_many_greetings_fail(self):
        self.action_service.set_value("greeted.Eve", "3")
        status, result = self.get_action_instance(config={}).run(name="Eve")
        self.assertFalse(status)
        self.assertEqual(result["count"], 4)

    def test_datastore_is_fresh_for_each_test(self):
        self.assertEqual(self.action_service.list_values(), [])

    def test_blank_name_raises(self):
        action = self.get_action_instance(config={})
        self.assertRaises(InvalidActionParameterException, action.run, name="  ")
