"""`BaseActionAliasTestCase`: tests of a pack's ChatOps aliases (its `aliases/*.yaml`) as st2 runs them."""

import glob
import os

from st2tests.alias_format import ParseException, extract_parameters
from st2tests.pack_resource import BasePackResourceTestCase

__all__ = ["BaseActionAliasTestCase", "ActionAlias"]


class ActionAlias(object):
    """An alias as read from its YAML file: what alias tests look at."""

    def __init__(self, document, path):
        self.path = path
        self.name = document.get("name")
        self.pack = document.get("pack")
        self.ref = "%s.%s" % (self.pack, self.name) if self.pack else self.name
        self.description = document.get("description")
        self.action_ref = document.get("action_ref")
        self.enabled = document.get("enabled", True)
        self.formats = document.get("formats") or []
        self.ack = document.get("ack")
        self.result = document.get("result")
        self.extra = document.get("extra")

    def get_format_strings(self):
        """Every string a command is matched against: plain formats, and each format's representations
        (or its display when it has none)."""
        strings = []
        for item in self.formats:
            if isinstance(item, dict):
                representations = item.get("representation") or [item.get("display")]
                strings.extend(text for text in representations if text)
            else:
                strings.append(item)
        return strings


class BaseActionAliasTestCase(BasePackResourceTestCase):
    """Set `action_alias_name`; `self.action_alias_db` is then the pack's alias of that name."""

    action_alias_name = None
    action_alias_db = None

    def setUp(self):
        super(BaseActionAliasTestCase, self).setUp()
        if not self.action_alias_name:
            raise ValueError('"action_alias_name" class attribute needs to be provided')
        self.action_alias_db = self._get_action_alias_db_by_name(self.action_alias_name)

    def assertCommandMatchesExactlyOneFormatString(self, format_strings, command):
        matched = []
        for format_string in format_strings:
            try:
                extract_parameters(format_str=format_string, param_stream=command)
            except ParseException:
                continue
            matched.append(format_string)
        if not matched:
            raise AssertionError('Command "%s" didn\'t match any of the provided format strings' % command)
        if len(matched) > 1:
            raise AssertionError('Command "%s" matched multiple format strings: %s' % (command, ", ".join(matched)))

    def assertExtractedParametersMatch(self, format_string, command, parameters):
        extracted = extract_parameters(format_str=format_string, param_stream=command)
        if extracted != parameters:
            raise AssertionError('Extracted parameters from command string "%s" against format string "%s" '
                                 "didn't match the provided parameters: expected %r, got %r"
                                 % (command, format_string, parameters, extracted))

    def _get_action_alias_db_by_name(self, name):
        import yaml  # pack tests get pyyaml from `squall pack test`, as from st2-run-pack-tests

        aliases = os.path.join(self._get_base_pack_path(), "aliases")
        for path in sorted(glob.glob(os.path.join(aliases, "*.yaml")) + glob.glob(os.path.join(aliases, "*.yml"))):
            with open(path, "r") as handle:
                document = yaml.safe_load(handle) or {}
            if document.get("name") == name:
                return ActionAlias(document, path)
        raise ValueError('Alias with name "%s" not found in %s' % (name, aliases))
