#!/bin/bash
# What shell actions commonly run: traced by scripts/syscall-trace/trace.sh on the host and as
# this pack's action in the sandbox, to derive the seccomp allowlist.
# $1: a URL of a local HTTP server for curl, wget and kubectl. Nothing here depends on the result.
set -u
url=${1:-}
work=$(mktemp -d)
cd "$work"
echo "hello world" > a.txt
cat a.txt | tr a-z A-Z | sed 's/HELLO/bye/' | awk '{print $2}' | grep -c WORLD >/dev/null
sort a.txt | uniq | wc -l >/dev/null; seq 1 50 | sort -rn | tee sorted.txt | head -3 >/dev/null
cut -d' ' -f1 a.txt | head -1 | tail -1 >/dev/null
cp a.txt b.txt; mv b.txt c.txt; ln -s c.txt d.txt; readlink d.txt >/dev/null; chmod 600 c.txt; touch -d yesterday c.txt
mkdir -p x/y/z; find . -name '*.txt' -type f | xargs ls -la >/dev/null; du -sh . >/dev/null; df -h . >/dev/null 2>&1
tar czf out.tgz a.txt c.txt; tar xzf out.tgz -C x; gzip -k a.txt; gunzip -c a.txt.gz >/dev/null
date -u +%s >/dev/null; sleep 0.01; id >/dev/null; whoami >/dev/null 2>&1; hostname >/dev/null 2>&1; uname -a >/dev/null; env >/dev/null
stat a.txt >/dev/null; md5sum a.txt >/dev/null; sha256sum a.txt >/dev/null; base64 a.txt >/dev/null; printf '%s\n' "$(seq 1 3)" >/dev/null
(echo sub; exit 0) >/dev/null; { read -r line < a.txt; } ; test -f a.txt && [ -d x ]
ps -ef >/dev/null 2>&1; nproc >/dev/null; timeout 1 true; nice -n 1 true; flock a.txt true
sh -c 'echo dash | cat >/dev/null; for i in 1 2; do echo $i; done | wc -l >/dev/null'; bash -c 'echo bash; trap "" INT' >/dev/null
mkfifo fifo; (echo through-fifo > fifo &); cat fifo >/dev/null; sleep 5 & kill "$!"; wait 2>/dev/null
diff a.txt c.txt >/dev/null; cmp -s a.txt c.txt; split -l 1 sorted.txt part.; join <(echo "1 a") <(echo "1 b") >/dev/null
jq . >/dev/null 2>&1 <<< '{}' || true
cp -a a.txt e.txt; tar --xattrs -cf x.tar a.txt; timeout 0.3 tail -f a.txt >/dev/null
if [ -n "$url" ]; then
    command -v curl >/dev/null && curl -s -o /dev/null "$url"
    command -v wget >/dev/null && wget -q -O /dev/null "$url"
fi
command -v ssh >/dev/null && ssh -V 2>/dev/null
# Statically linked Go programs (their own runtime, no libc) that packs shell out to.
if command -v kubectl >/dev/null; then
    kubectl version --client >/dev/null
    [ -n "$url" ] && kubectl --kubeconfig=/dev/null --server="$url" --request-timeout=3s get pods >/dev/null 2>&1
fi
if command -v terraform >/dev/null; then
    terraform version >/dev/null 2>&1; echo 'a   =  1' | terraform fmt - >/dev/null 2>&1
fi
if command -v git >/dev/null; then
    git --version >/dev/null
    git init -q repo && cd repo
    echo one > file.txt
    git add file.txt && git -c user.name=trace -c user.email=trace@example.invalid commit -q -m one
    echo two >> file.txt
    git diff --stat >/dev/null; git status --short >/dev/null
    git -c user.name=trace -c user.email=trace@example.invalid commit -q -am two
    git log --oneline >/dev/null; git tag v1; git gc -q 2>/dev/null
    cd .. && git clone -q repo clone && git -C clone log -1 --format=%H >/dev/null
fi
rm -rf "$work"
echo "shell workload done"
