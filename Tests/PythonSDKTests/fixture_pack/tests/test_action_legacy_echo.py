from st2tests.base import BaseActionTestCase

from legacy_echo import LegacyEchoAction


class LegacyEchoActionTestCase(BaseActionTestCase):
    action_cls = LegacyEchoAction

    def test_service_is_assigned_after_construction(self):
        action = self.get_action_instance(config={"prefix": "> "})
        self.assertIs(action.action_service, self.action_service)
        self.assertEqual(action.run(message="hi"), {"echo": "> hi", "previous": None})
        self.assertEqual(action.run(message="again"), {"echo": "> again", "previous": "hi"})

    def test_global_key_is_not_prefixed(self):
        self.get_action_instance().run(message="stored")
        names = [item.name for item in self.action_service.list_values(local=False)]
        self.assertEqual(names, ["last_message"])
