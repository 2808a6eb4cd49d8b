from st2common.runners.base_action import Action


class Optional(Action):
    # No Python defaults: st2 passes every declared parameter, None when it has no value.
    def run(self, given, unset, unset_object, defaulted):
        return {"given": given, "unset": unset, "unset_object": unset_object, "defaulted": defaulted}
