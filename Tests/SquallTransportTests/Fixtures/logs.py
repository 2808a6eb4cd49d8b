from st2common.runners.base_action import Action


class Logs(Action):
    def run(self, who):
        self.logger.info("hello %s", who)
        self.logger.warning("careful")
        self.logger.debug("details")
        return True
