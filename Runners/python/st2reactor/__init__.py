"""squall's implementation of the parts of StackStorm's `st2reactor` that pack sensors import."""
