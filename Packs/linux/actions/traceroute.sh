#!/bin/sh
# traceroute when installed, else tracepath (iputils); one of them must exist.
if command -v traceroute >/dev/null 2>&1; then exec traceroute -- "$1"; fi
if command -v tracepath >/dev/null 2>&1; then exec tracepath -- "$1"; fi
echo "neither traceroute nor tracepath is installed on this host" >&2
exit 1
