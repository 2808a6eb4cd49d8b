"""`BaseActionAliasTestCase`, present so a pack's other tests still run: squall has no aliases yet.

Exchange packs often keep alias tests next to their action tests. Without this name their whole test
module (and, by default, pytest's whole run) would stop at the import; with it, each alias test
fails on its own with a message saying why.
"""

from st2tests.pack_resource import BasePackResourceTestCase

__all__ = ["BaseActionAliasTestCase", "ALIASES_UNSUPPORTED"]

ALIASES_UNSUPPORTED = ("action alias tests are not supported by squall yet "
                       "(ChatOps aliases are not loaded)")


class BaseActionAliasTestCase(BasePackResourceTestCase):
    action_alias_name = None
    action_alias_db = None

    def setUp(self):
        super(BaseActionAliasTestCase, self).setUp()
        raise NotImplementedError("%s: alias %r" % (ALIASES_UNSUPPORTED, self.action_alias_name))

    def assertCommandMatchesExactlyOneFormatString(self, format_strings, command):
        raise NotImplementedError(ALIASES_UNSUPPORTED)

    def assertExtractedParametersMatch(self, format_string, command, parameters):
        raise NotImplementedError(ALIASES_UNSUPPORTED)
