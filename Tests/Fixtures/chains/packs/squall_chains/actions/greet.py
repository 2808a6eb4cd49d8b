from st2common.runners.base_action import Action


class Greet(Action):
    def run(self, name, greeting):
        return {"message": "%s, %s!" % (greeting, name), "length": len(name)}
