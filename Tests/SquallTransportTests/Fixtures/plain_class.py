import helper_module_for_plain_class as helper


class Doubler:
    """No Action base class and no constructor; imports a module from its own directory."""

    def run(self, value):
        return {"doubled": helper.double(value), "config": self.config}
