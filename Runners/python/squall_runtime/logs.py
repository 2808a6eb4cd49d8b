"""Action loggers: records go to stderr (as st2 prints them) and to the supervisor as `log` messages."""

import logging
import sys

import squall_runtime
from squall_runtime import channel as _channel

# st2's own level above CRITICAL.
AUDIT = logging.CRITICAL + 10

STDERR_FORMAT = "%(asctime)s %(name)s: %(levelname)-8s %(message)s"


class ChannelHandler(logging.Handler):
    """Forwards each record over the channel of this process, if there is one."""

    def emit(self, record):
        target = _channel.current
        if target is None:
            return
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            target.send({"type": "log", "level": record.levelname, "logger": record.name,
                         "message": message})
        except Exception:
            self.handleError(record)


def configured_level():
    name = (squall_runtime.log_level or "DEBUG").upper()
    if name == "AUDIT":
        return AUDIT
    return getattr(logging, name, logging.DEBUG)


def action_logger(class_name, level=None):
    """The logger st2 gives an action: `st2.actions.python.<ClassName>`, at the run's log_level."""
    return named_logger("st2.actions.python.%s" % class_name, level)


def named_logger(name, level=None):
    """A logger whose records go to stderr and over the channel (sensors' get_logger too)."""
    if level is None:
        level = configured_level()
    logger = logging.getLogger(name)
    if not getattr(logger, "_squall_configured", False):
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(logging.Formatter(STDERR_FORMAT))
        logger.addHandler(stderr)
        logger.addHandler(ChannelHandler())
        logger.setLevel(level)
        logger.propagate = False
        logger._squall_configured = True
    return logger
