"""st2common.runners.utils: the pack config mapping actions receive."""

__all__ = ["PackConfigDict"]

MISSING_KEY_MESSAGE = (
    'Config for pack "%s" is missing key "%s".\n'
    "Make sure the pack's config (configs/%s.yaml in squall's data directory) has that key, "
    "e.g. with `squall pack config %s`.")


class PackConfigDict(dict):
    """A pack's config whose missing keys raise ValueError naming the pack and key, as in st2
    (a bare KeyError would not say which config file to fix)."""

    def __init__(self, pack_name, *args):
        super(PackConfigDict, self).__init__(*args)
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super(PackConfigDict, self).__getitem__(key)
        except KeyError:
            raise ValueError(MISSING_KEY_MESSAGE % (self._pack_name, key, self._pack_name, self._pack_name))
