"""What pack tests import from `st2tests.base`."""

import unittest

from st2tests.action_aliases import BaseActionAliasTestCase
from st2tests.actions import BaseActionTestCase
from st2tests.sensors import BaseSensorTestCase

__all__ = ["BaseTestCase", "BaseActionTestCase", "BaseSensorTestCase", "BaseActionAliasTestCase"]


class BaseTestCase(unittest.TestCase):
    """A plain TestCase (st2's also registers packs into its database, which squall has not)."""
