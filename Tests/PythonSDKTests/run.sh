#!/usr/bin/env bash
# Runs the st2tests / Python SDK tests (and the fixture pack's own tests/) with pytest, the way
# `squall pack test` will run a pack's tests. Exits with pytest's exit code.
#
# The venv mirrors a pack virtualenv (pyzmq and six, as squall installs in every one) plus pytest
# and the fixture pack's requirements-tests.txt.
# Override its location with SQUALL_SDK_TEST_VENV; extra arguments go to pytest.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${SQUALL_SDK_TEST_VENV:-/tmp/squall-sdk-test-venv}"
pack="$here/fixture_pack"

# Debian's interpreter by absolute path: the `python3` on PATH may be a slow pyenv shim.
if ! "$venv/bin/python" -c 'import pytest, six, zmq, tabulate, yaml' >/dev/null 2>&1; then
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input pytest six pyzmq pyyaml -r "$pack/requirements-tests.txt"
fi

# The fixture pack's paths as a pack's tests see them, then squall's SDK.
export PYTHONPATH="$pack/actions/lib:$pack/sensors:$pack/actions:$pack/etc:$repo/Runners/python"
# Keep the source tree free of __pycache__ and .pytest_cache.
export PYTHONDONTWRITEBYTECODE=1

cd "$repo"
exec "$venv/bin/python" -m pytest -p no:cacheprovider -q "$here" "$@"
