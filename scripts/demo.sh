#!/usr/bin/env bash
# The main job on the embedded default (SQLite under $SQUALL_DATA_DIR): load the bundled packs,
# run a shell action and a Python action in sandboxed children, and show the recorded executions.
set -euo pipefail
squall="$1"

echo "== packs and actions"
"$squall" pack list
"$squall" action list
echo
echo "== core.local (local-shell-cmd)"
"$squall" run core.local cmd='echo "hello from a sandboxed child: $(id -un) in $(pwd)"'
echo
echo "== core.uuid (python-script; builds the pack's virtualenv on first use)"
"$squall" run core.uuid
echo
echo "== the datastore"
"$squall" key set demo.greeting "hello"
"$squall" run core.echo message='{{ st2kv.system["demo.greeting"] }} from core.echo'
echo
echo "== what the sandbox enforces on a live child"
"$squall" sandbox check
echo
echo "== recorded executions (in $SQUALL_DATA_DIR/squall.db)"
"$squall" execution list -n 5
