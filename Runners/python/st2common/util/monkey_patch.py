"""st2common.util.monkey_patch. st2 runs its services (and pack tests) under eventlet and patches
the standard library early; squall's children are plain processes and threads, so there is
nothing to patch. Pack code (often a tests/__init__.py) that calls these still imports and runs."""

import sys

__all__ = ["monkey_patch", "use_select_poll_workaround", "is_use_debugger_flag_provided"]


def monkey_patch(patch_thread=None):
    """Nothing to do: no eventlet under squall."""


def use_select_poll_workaround(nose_only=True):
    """Nothing to do: select.poll was only removed by eventlet's patching."""


def is_use_debugger_flag_provided():
    """Whether the command line asks for a debugger (st2's --use-debugger flag)."""
    return "--use-debugger" in sys.argv
