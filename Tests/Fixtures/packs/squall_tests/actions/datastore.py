from st2common.runners.base_action import Action


class Datastore(Action):
    def run(self):
        service = self.action_service
        service.set_value("greeting", "hello")
        service.set_value("shared", 42, local=False)
        service.set_value("short_lived", "x", ttl=3600)
        seen = service.get_value("greeting")
        shared = service.get_value("shared", local=False)
        names = sorted(item.name for item in service.list_values())
        deleted = service.delete_value("short_lived")
        missing = service.get_value("never_set")
        return {"seen": seen, "shared": shared, "names": names, "deleted": deleted, "missing": missing}
