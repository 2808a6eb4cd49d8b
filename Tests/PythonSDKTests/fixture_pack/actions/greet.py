from st2common.runners.base_action import Action
from st2common.exceptions.action import InvalidActionParameterException

from lib.formatting import greeting_line


class GreetAction(Action):
    def run(self, name, shout=False):
        if not name.strip():
            raise InvalidActionParameterException("name must not be blank")
        greeting = self.config.get("greeting", "Hello")
        line = greeting_line(greeting, name)
        if shout:
            line = line.upper()

        key = "greeted.%s" % name
        count = int(self.action_service.get_value(key) or 0) + 1
        self.action_service.set_value(key, str(count))
        self.logger.info("greeted %s (%d times)", name, count)

        if count > 3:
            return (False, {"line": line, "count": count, "error": "greeted too often"})
        return {"line": line, "count": count}
