"""squall's side of the supervisor <-> child protocol (not part of the st2 SDK).

Kept import-light on purpose: a trivial action's start-up time is dominated by imports.
"""

# The level for action loggers, from the execute message's `log_level` (st2's runner parameter).
log_level = "DEBUG"
