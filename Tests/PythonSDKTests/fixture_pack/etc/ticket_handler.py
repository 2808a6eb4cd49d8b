"""A script that lives outside actions/ and sensors/ (like the Sensu pack's st2_handler.py)."""


def ticket_title(event):
    return "[%s] %s" % (event.get("priority", "low").upper(), event["title"])
