from st2common.runners.base_action import Action


class Store(Action):
    """Exercises every action_service call; the test answers them from a dictionary."""

    def run(self):
        service = self.action_service
        seen = {}
        seen["set"] = service.set_value("counter", 41)
        seen["set_global"] = service.set_value("shared", "g", local=False, ttl=30)
        seen["get"] = service.get_value("counter")
        seen["get_global"] = service.get_value("preset", local=False)
        seen["get_missing"] = service.get_value("nothing-here")
        seen["list_local"] = sorted((kv.name, kv.value) for kv in service.list_values())
        seen["list_prefix"] = [kv.name for kv in service.list_values(local=False, prefix="prefix")]
        seen["delete"] = service.delete_value("counter")
        seen["delete_missing"] = service.delete_value("counter")
        seen["after_delete"] = service.get_value("counter")
        try:
            service.get_value("x", scope="user")
            seen["user_scope"] = "allowed"
        except ValueError as error:
            seen["user_scope"] = str(error)
        seen["user"] = service.get_user_info()["username"]
        return seen
