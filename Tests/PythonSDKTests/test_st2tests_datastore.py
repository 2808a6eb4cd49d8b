"""The in-memory datastore behind action_service and sensor_service in pack unit tests."""

import unittest
from unittest import mock

from st2tests.mocks.action import MockActionService, MockActionWrapper
from st2tests.mocks.datastore import MockDatastoreService


class FakeClock(object):
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


class MockDatastoreServiceTest(unittest.TestCase):
    def setUp(self):
        self.clock = FakeClock()
        self.logger = mock.Mock()
        self.store = MockDatastoreService(logger=self.logger, pack_name="mypack",
                                          class_name="MyAction", clock=self.clock)

    def test_local_names_get_pack_and_class_prefix(self):
        self.assertTrue(self.store.set_value("token", "abc"))
        self.assertEqual(self.store.get_value("token"), "abc")
        self.assertEqual(self.store.get_value("mypack.MyAction:token", local=False), "abc")
        self.assertIsNone(self.store.get_value("token", local=False))

    def test_global_names_are_kept_as_given(self):
        self.store.set_value("shared", "v", local=False)
        self.assertEqual(self.store.get_value("shared", local=False), "v")
        self.assertIsNone(self.store.get_value("shared"))

    def test_values_are_stored_as_given_like_st2s_mock(self):
        self.store.set_value("count", 5)
        self.assertEqual(self.store.get_value("count"), 5)

    def test_missing_key_reads_none_and_deletes_false(self):
        self.assertIsNone(self.store.get_value("nothing"))
        self.assertFalse(self.store.delete_value("nothing"))

    def test_delete_removes_only_the_named_key(self):
        self.store.set_value("a", "1")
        self.store.set_value("b", "2")
        self.assertTrue(self.store.delete_value("a"))
        self.assertIsNone(self.store.get_value("a"))
        self.assertEqual(self.store.get_value("b"), "2")

    def test_list_values_local_and_prefixed(self):
        self.store.set_value("host.a", "1")
        self.store.set_value("host.b", "2")
        self.store.set_value("port", "3")
        self.store.set_value("elsewhere", "4", local=False)

        local_names = [item.name for item in self.store.list_values()]
        self.assertEqual(local_names, ["mypack.MyAction:host.a", "mypack.MyAction:host.b",
                                       "mypack.MyAction:port"])
        prefixed = self.store.list_values(prefix="host.")
        self.assertEqual([item.value for item in prefixed], ["1", "2"])
        self.assertEqual(len(self.store.list_values(local=False)), 4)
        self.assertEqual([item.name for item in self.store.list_values(local=False, prefix="else")],
                         ["elsewhere"])

    def test_list_values_limit_and_offset(self):
        for index in range(5):
            self.store.set_value("k%d" % index, str(index))
        self.assertEqual([i.value for i in self.store.list_values(limit=2)], ["0", "1"])
        self.assertEqual([i.value for i in self.store.list_values(limit=2, offset=3)], ["3", "4"])
        self.assertEqual([i.value for i in self.store.list_values(offset=None)],
                         ["0", "1", "2", "3", "4"])

    def test_items_carry_key_value_pair_attributes(self):
        self.store.set_value("secret", "s3", encrypt=True)
        item = self.store.list_values()[0]
        self.assertEqual((item.id, item.name, item.value, item.scope, item.secret),
                         ("mypack.MyAction:secret", "mypack.MyAction:secret", "s3", "system", True))

    def test_ttl_expires_items(self):
        self.store.set_value("session", "x", ttl=60)
        item = self.store.list_values()[0]
        self.assertEqual(item.ttl, 60)
        self.assertEqual(item.expire_timestamp, "1970-01-01T00:17:40.000000Z")

        self.clock.now += 59
        self.assertEqual(self.store.get_value("session"), "x")
        self.clock.now += 1
        self.assertIsNone(self.store.get_value("session"))
        self.assertEqual(self.store.list_values(), [])
        self.assertFalse(self.store.delete_value("session"))

    def test_setting_again_without_ttl_keeps_the_item(self):
        self.store.set_value("session", "x", ttl=10)
        self.store.set_value("session", "y")
        self.clock.now += 100
        self.assertEqual(self.store.get_value("session"), "y")

    def test_only_system_scope_is_allowed(self):
        self.assertRaises(ValueError, self.store.set_value, "k", "v", scope="user")
        self.assertRaises(ValueError, self.store.get_value, "k", scope="user")
        self.assertRaises(ValueError, self.store.delete_value, "k", scope="st2kv.user")

    def test_nothing_is_logged(self):
        self.store.set_value("k", "v", ttl=5)
        self.store.get_value("k")
        self.store.delete_value("k")
        self.assertEqual(self.logger.mock_calls, [])


class MockActionServiceTest(unittest.TestCase):
    def setUp(self):
        self.service = MockActionService(MockActionWrapper(pack="tests", class_name="Thing"))

    def test_calls_reach_its_datastore_service(self):
        self.service.set_value("a", "1")
        self.assertEqual(self.service.datastore_service.get_value("tests.Thing:a", local=False), "1")
        self.assertEqual(self.service.get_value("a"), "1")
        self.assertEqual([i.name for i in self.service.list_values(prefix="a")], ["tests.Thing:a"])
        self.assertTrue(self.service.delete_value("a"))
        self.assertEqual(self.service.list_values(), [])

    def test_user_info_names_the_admin(self):
        info = self.service.get_user_info()
        self.assertEqual(info["username"], "admin")
        self.assertTrue(info["rbac"]["is_admin"])

    def test_logger_is_a_mock_with_the_logger_api(self):
        self.service._logger.warning("x %s", 1)
        self.service._logger.warning.assert_called_once_with("x %s", 1)
        self.assertRaises(AttributeError, getattr, self.service._logger, "not_a_logger_method")
