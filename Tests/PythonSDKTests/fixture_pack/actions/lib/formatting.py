"""Shared by the pack's actions (actions/lib is on their path)."""


def greeting_line(greeting, name, punctuation="!"):
    return "%s, %s%s" % (greeting, name, punctuation)
