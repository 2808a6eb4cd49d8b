import six
import yaml

from st2common.runners.base_action import Action


class SixVersion(Action):
    def run(self):
        # yaml comes from the st2 runtime layer (not listed), six from the pack's own pin.
        return {"six": six.__version__, "six_file": six.__file__, "yaml": yaml.__version__}
