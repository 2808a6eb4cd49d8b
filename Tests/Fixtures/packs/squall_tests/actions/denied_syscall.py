import ctypes
import errno

from st2common.runners.base_action import Action

SYS_UNSHARE = 272
SYS_KEYCTL = 250
CLONE_NEWUSER = 0x10000000


class DeniedSyscall(Action):
    def run(self):
        libc = ctypes.CDLL(None, use_errno=True)
        results = {}
        for name, number, argument in (("unshare", SYS_UNSHARE, CLONE_NEWUSER), ("keyctl", SYS_KEYCTL, 0)):
            ctypes.set_errno(0)
            rc = libc.syscall(number, argument)
            results[name] = errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno())) if rc == -1 else "allowed"
        return results
