#!/bin/bash
# Regenerates the list of syscalls that real workloads make, for the seccomp allowlist in
# Sandbox/policy/default.json (see Sandbox/policy/README.md). Runs each workload under
# `strace -f` and prints the union of the syscall names, one per line:
#   scripts/syscall-trace/trace.sh [path/to/squall] > Sandbox/policy/traced-syscalls.txt
#   scripts/syscall-trace/update-policy.py Sandbox/policy/traced-syscalls.txt
# KEEP_TRACES=1 keeps the raw strace output (its directory is printed on stderr).
# Workloads: CPython start-up; venv creation and pip installing C-extension packages (a wheel and
# a build from source with the C compiler); Python threads, subprocess, multiprocessing, asyncio,
# loopback TCP/UDP/HTTP, files, signals, a ZeroMQ round trip; a shell script with coreutils,
# pipelines, tar, gzip, curl, wget, ssh, git, and the static Go programs kubectl and terraform (packs/syscall_trace/actions/shell_workload.sh);
# and, given the squall CLI, in the sandbox: the syscall_trace pack's venv build (sandboxed pip
# compiling markupsafe from source), its Exchange-style action (requests to the local HTTP
# server with the config's token) and the shell workload as an action, the test packs' Python
# and shell actions, and a sensor under `squall server` (only the children's calls are counted).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
squall=${1:-}
python=/usr/bin/python3
work=$(mktemp -d /tmp/squall-syscall-trace.XXXXXX)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    if [ -n "${KEEP_TRACES:-}" ]; then echo "traces kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trace() { local name=$1; shift; strace -f -qq -o "$work/$name.trace" "$@" >"$work/$name.out" 2>&1 || echo "warning: $name exited $?" >&2; }

trace startup "$python" -I -c pass
trace venv "$python" -m venv "$work/venv"
trace pip-wheel "$work/venv/bin/python" -m pip install --no-input --progress-bar off pyzmq markupsafe
trace pip-source "$work/venv/bin/python" -m pip install --no-input --progress-bar off --no-binary :all: --no-cache-dir --force-reinstall --no-deps markupsafe
trace python "$work/venv/bin/python" "$here/python_workload.py"

echo '{"items": [1, 2, 3]}' > "$work/data.json"
"$python" -m http.server --bind 127.0.0.1 0 --directory "$work" >"$work/http.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
shell_workload=$here/packs/syscall_trace/actions/shell_workload.sh
trace shell /bin/bash "$shell_workload" "http://127.0.0.1:$port/"

supervisor=()
if [ -n "$squall" ]; then
    squall=$(readlink -f "$squall")
    supervisor=(--supervisor "$squall" --supervisor "$(readlink -f "$(command -v timeout)")")
    export SQUALL_DATA_DIR="$work/data" SQUALL_PACKS_PATH="$repo/Tests/Fixtures/packs:$here/packs" SQUALL_HOME="$repo"
    mkdir -p "$SQUALL_DATA_DIR/configs"
    printf 'token: trace-token\napi_url: http://127.0.0.1:%s/\n' "$port" > "$SQUALL_DATA_DIR/configs/squall_tests.yaml"
    cp "$SQUALL_DATA_DIR/configs/squall_tests.yaml" "$SQUALL_DATA_DIR/configs/syscall_trace.yaml"
    for action in "syscall_trace.http_api" "syscall_trace.shell_workload url=http://127.0.0.1:$port/" "core.local cmd=ls -la /tmp && date" "core.uuid" "core.echo message=hi" \
                  "squall_tests.datastore" "squall_tests.chatty" "squall_tests.config_reader" "squall_tests.environment" \
                  "squall_tests.args" "squall_tests.raises" "squall_tests.exits"; do
        read -r ref parameter <<<"$action"
        trace "run-$ref" "$squall" run "$ref" ${parameter:+"$parameter"}
    done
    trace server timeout -k 5 -s INT 10 "$squall" server
fi

for file in "$work"/*.trace; do
    case $(basename "$file") in
        run-*|server.trace) "$python" "$here/syscall_names.py" "${supervisor[@]}" "$file" ;;
        *) "$python" "$here/syscall_names.py" "$file" ;;
    esac
done | sort -u
