#!/bin/bash
# What shell actions commonly run, traced by trace.sh to derive the seccomp allowlist.
# $1: a URL of a local HTTP server for curl/wget. Nothing here depends on the result.
set -u
url=${1:-}
work=$(mktemp -d)
cd "$work"
echo "hello world" > a.txt
cat a.txt | tr a-z A-Z | sed 's/HELLO/bye/' | awk '{print $2}' | grep -c WORLD >/dev/null
sort a.txt | uniq | wc -l >/dev/null
cut -d' ' -f1 a.txt | head -1 | tail -1 >/dev/null
cp a.txt b.txt; mv b.txt c.txt; ln -s c.txt d.txt; readlink d.txt >/dev/null; chmod 600 c.txt; touch -d yesterday c.txt
mkdir -p x/y/z; find . -name '*.txt' -type f | xargs ls -la >/dev/null; du -sh . >/dev/null; df -h . >/dev/null 2>&1
tar czf out.tgz a.txt c.txt; tar xzf out.tgz -C x; gzip -k a.txt; gunzip -c a.txt.gz >/dev/null
date -u +%s >/dev/null; sleep 0.01; id >/dev/null; hostname >/dev/null 2>&1; uname -a >/dev/null; env >/dev/null
stat a.txt >/dev/null; md5sum a.txt sha256sum >/dev/null 2>&1; base64 a.txt >/dev/null; printf '%s\n' "$(seq 1 3)" >/dev/null
(echo sub; exit 0) >/dev/null; { read -r line < a.txt; } ; test -f a.txt && [ -d x ]
ps -ef >/dev/null 2>&1; nproc >/dev/null; timeout 1 true; nice -n 1 true; flock a.txt true
sh -c 'echo dash >/dev/null'; bash -c 'echo bash; trap "" INT' >/dev/null
jq . >/dev/null 2>&1 <<< '{}' || true
if [ -n "$url" ]; then
    command -v curl >/dev/null && curl -s -o /dev/null "$url"
    command -v wget >/dev/null && wget -q -O /dev/null "$url"
fi
command -v ssh >/dev/null && ssh -V 2>/dev/null
command -v git >/dev/null && git --version >/dev/null
rm -rf "$work"
echo "shell workload done"
