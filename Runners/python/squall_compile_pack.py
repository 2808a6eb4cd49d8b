"""Compiles a pack's Python files into the bytecode mirror its action children read
(squall_runtime/pack_bytecode.py). Run by squall in the pack's sandbox, without site (-S).

usage: python -E -s -S squall_compile_pack.py MIRROR_ROOT DIRECTORY...
"""

import sys

from squall_runtime.pack_bytecode import compile_tree

if __name__ == "__main__":
    compile_tree(sys.argv[1], sys.argv[2:])
