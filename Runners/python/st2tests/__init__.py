"""squall's `st2tests`: the parts of StackStorm's test helpers that pack unit tests import.

Packs use `st2tests.base.BaseActionTestCase` and `BaseSensorTestCase` (plus the mocks behind them).
st2's database-backed test cases (DbTestCase, ...) belong to st2's own test-suite and are absent.
Only the standard library (and `unittest.mock`) is needed here.
"""

__version__ = "3.9.0"
