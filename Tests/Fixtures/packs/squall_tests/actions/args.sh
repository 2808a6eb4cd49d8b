#!/bin/sh
# Prints each argument on its own line, between brackets, so tests can see quoting.
for argument in "$@"; do
  printf '[%s]\n' "$argument"
done
