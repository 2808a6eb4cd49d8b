import ipaddress

from st2common.runners.base_action import Action


class IsValidIpAction(Action):
    """Fails (with the reason) unless ip_address is an address of the kind asked for."""

    def run(self, ip_address, no_loopback=False, only_v4=False, only_v6=False):
        try:
            address = ipaddress.ip_address(ip_address)
        except ValueError as error:
            return (False, str(error))
        if no_loopback and address.is_loopback:
            return (False, "%s is a loopback address" % ip_address)
        if only_v4 and address.version != 4:
            return (False, "%s is not an IPv4 address" % ip_address)
        if only_v6 and address.version != 6:
            return (False, "%s is not an IPv6 address" % ip_address)
        return {
            "version": address.version,
            "is_private": address.is_private,
            "is_link_local": address.is_link_local,
            "is_unspecified": address.is_unspecified,
            "reverse_pointer": address.reverse_pointer,
            "is_multicast": address.is_multicast,
            "is_reserved": address.is_reserved,
            "is_loopback": address.is_loopback,
        }
