"""st2common.models.system.action: script arguments as st2's local-shell-script runner formats them
(what the ansible pack's tests build their expectations with)."""

import shlex
import unittest

from st2common.models.system.action import ShellScriptAction


class ScriptArgumentsTest(unittest.TestCase):
    def arguments(self, named=None, positional=None):
        return ShellScriptAction("", "", "")._get_script_arguments(named_args=named, positional_args=positional)

    def test_named_arguments_are_quoted_name_value_pairs_in_order(self):
        self.assertEqual(self.arguments({"--b": "two words", "--a": 1}), "--b='two words' --a=1")

    def test_lists_become_their_text_and_split_back_as_one_argument(self):
        formatted = self.arguments({"--extra_vars": ["key1=value1", "key2=value2"]})
        self.assertEqual(shlex.split(formatted), ["--extra_vars=['key1=value1', 'key2=value2']"])

    def test_true_is_the_bare_name_false_none_and_empty_are_left_out(self):
        self.assertEqual(self.arguments({"--on": True, "--off": False, "--none": None, "--empty": ""}), "--on")

    def test_positional_arguments_follow_quoted(self):
        self.assertEqual(self.arguments({"-v": True}, ["a b", "c"]), "-v 'a b' c")

    def test_full_command_quotes_the_script(self):
        action = ShellScriptAction("n", "id", "/opt/my script.sh", named_args={"--x": "1"})
        self.assertEqual(action.get_full_command_string(), "'/opt/my script.sh' --x=1")


if __name__ == "__main__":
    unittest.main()
