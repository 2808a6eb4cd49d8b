"""`from st2common import log as logging` in pack code: the standard library's loggers."""

import logging as _logging

getLogger = _logging.getLogger
DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARNING = _logging.WARNING
ERROR = _logging.ERROR
CRITICAL = _logging.CRITICAL
