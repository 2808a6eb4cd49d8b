"""squall's side of the supervisor <-> child protocol (not part of the st2 SDK).

Kept import-light on purpose: a trivial action's start-up time is dominated by imports.
"""
