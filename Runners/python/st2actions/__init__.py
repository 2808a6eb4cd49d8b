"""Old StackStorm import paths (`st2actions.runners.pythonrunner`) still used by older packs."""
