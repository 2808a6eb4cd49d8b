#!/usr/bin/env bash
# Installs the system packages squall builds and runs against, when they are missing.
# Debian/Ubuntu; uses apt-get as root, sudo otherwise.
set -euo pipefail

# libcurl4: http(s) pack indexes and the http-request runner (loaded at run time, so no -dev package).
# openssh-client: the remote-shell-* runners run /usr/bin/ssh.
# openssh-server, sudo, openssl: the tests install a pack and run remote actions over SSH against a real
# sshd on 127.0.0.1 (not started as a service), with sudo on the "remote" side and a password hashed by openssl.
# apache2-utils: the htpasswd import test writes its file with the real `htpasswd -B` (st2 flat_file backend users).
# curl, python3-venv: the HTTP API tests send raw requests with curl and run the real st2 client
# (st2client from PyPI, in a venv the tests build once under /var/tmp).
packages=(libseccomp-dev libzmq3-dev libgit2-dev libsqlite3-dev python3-venv pkg-config libcurl4 openssh-client openssh-server sudo openssl curl apache2-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ -x /usr/bin/python3 ] || missing+=(python3)

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1 && [ ! -x /opt/swift/usr/bin/swift ]; then
  echo "error: no Swift toolchain found (expected swift on PATH or /opt/swift/usr/bin/swift)" >&2
  exit 1
fi
