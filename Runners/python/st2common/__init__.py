"""squall's implementation of the parts of StackStorm's `st2common` that pack code imports."""

__version__ = "3.9.0"
