from st2tests.base import BaseActionAliasTestCase


class GreetAliasTestCase(BaseActionAliasTestCase):
    action_alias_name = "greet"

    def test_alias_is_read_from_the_pack(self):
        self.assertEqual(self.action_alias_db.action_ref, "sdk_fixture.greet")
        self.assertEqual(self.action_alias_db.get_format_strings(),
                         ["greet {{name}}( style {{style}})?", "say hello to {{name}} {{shout=false}}"])

    def test_representation_extracts_the_name(self):
        format_string = self.action_alias_db.formats[0]["representation"][0]
        self.assertExtractedParametersMatch(format_string=format_string, command="greet Ada",
                                            parameters={"name": "Ada", "style": None})
        self.assertExtractedParametersMatch(format_string=format_string, command="greet Ada style pirate",
                                            parameters={"name": "Ada", "style": "pirate"})
        self.assertCommandMatchesExactlyOneFormatString(
            format_strings=self.action_alias_db.get_format_strings(), command="greet Ada style pirate")

    def test_optional_parameter_takes_its_default(self):
        format_string = self.action_alias_db.formats[1]
        self.assertExtractedParametersMatch(format_string=format_string, command='say hello to "Ada Lovelace"',
                                            parameters={"name": "Ada Lovelace", "shout": "false"})
        self.assertExtractedParametersMatch(format_string=format_string, command="say hello to Bob true",
                                            parameters={"name": "Bob", "shout": "true"})
