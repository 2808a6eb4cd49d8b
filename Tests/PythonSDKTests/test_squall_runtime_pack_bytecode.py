"""The pack bytecode mirror: compiled once by squall, read by action children that cannot write
__pycache__ next to a read-only pack."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from squall_runtime import pack_bytecode

RUNTIME = os.path.dirname(os.path.dirname(os.path.abspath(pack_bytecode.__file__)))

# Run in a fresh interpreter: install() changes the import system of the process.
IMPORT_PROBE = """
import sys
from squall_runtime import pack_bytecode
loader = pack_bytecode.install(sys.argv[1])
sys.path.insert(0, sys.argv[2])
import probe_module
print(probe_module.VALUE, type(probe_module.__loader__).__name__, loader is not None)
"""


class PackBytecodeTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.pack = os.path.join(self.directory, "pack")
        self.lib = os.path.join(self.pack, "actions", "lib")
        self.mirror = os.path.join(self.directory, "venv", "squall-bytecode")
        os.makedirs(self.lib)

    def tearDown(self):
        shutil.rmtree(self.directory)

    def write(self, path, text):
        with open(path, "w") as source:
            source.write(text)

    def import_probe(self):
        output = subprocess.run([sys.executable, "-s", "-B", "-c", IMPORT_PROBE, self.mirror, self.lib],
                                stdout=subprocess.PIPE, check=True, env=dict(os.environ, PYTHONPATH=RUNTIME))
        return output.stdout.decode().split()

    def test_every_python_file_below_the_directories_is_compiled_into_the_mirror(self):
        self.write(os.path.join(self.pack, "actions", "run.py"), "X = 1\n")
        os.makedirs(os.path.join(self.lib, "package"))
        self.write(os.path.join(self.lib, "package", "__init__.py"), "")
        self.write(os.path.join(self.lib, "broken.py"), "def (:\n")
        os.makedirs(os.path.join(self.lib, ".hidden"))
        self.write(os.path.join(self.lib, ".hidden", "skipped.py"), "Y = 2\n")
        pack_bytecode.compile_tree(self.mirror, [os.path.join(self.pack, "actions")])
        tag = sys.implementation.cache_tag
        compiled = sorted(os.path.relpath(os.path.join(d, f), self.mirror)
                          for d, _, files in os.walk(self.mirror) for f in files)
        base = self.pack.lstrip("/")
        self.assertEqual(compiled, [base + "/actions/lib/package/__init__.%s.pyc" % tag,
                                    base + "/actions/run.%s.pyc" % tag])
        self.assertEqual(pack_bytecode.mirrored(self.mirror, os.path.join(self.pack, "actions", "run.py")),
                         os.path.join(self.mirror, base, "actions", "run.%s.pyc" % tag))
        self.assertFalse(os.path.exists(os.path.join(self.pack, "actions", "__pycache__")))

    def test_a_module_of_a_mirrored_directory_is_loaded_from_the_mirror(self):
        source = os.path.join(self.lib, "probe_module.py")
        self.write(source, "VALUE = 'source'\n")
        # Bytecode of other code, stamped with the source's size and time: only a loader that
        # reads the mirror can see 'cached'.
        other = os.path.join(self.directory, "probe_module.py")
        self.write(other, "VALUE = 'cached'\n")
        stat = os.stat(source)
        os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        import py_compile
        py_compile.compile(other, cfile=pack_bytecode.mirrored(self.mirror, source), doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        self.assertEqual(self.import_probe(), ["cached", "MirroredSourceLoader", "True"])

    def test_a_source_changed_since_the_compile_is_compiled_again(self):
        source = os.path.join(self.lib, "probe_module.py")
        self.write(source, "VALUE = 'old'\n")
        pack_bytecode.compile_tree(self.mirror, [self.lib])
        self.write(source, "VALUE = 'newer'\n")
        self.assertEqual(self.import_probe(), ["newer", "MirroredSourceLoader", "True"])

    def test_directories_without_a_mirror_keep_pythons_own_loader(self):
        self.write(os.path.join(self.lib, "probe_module.py"), "VALUE = 'plain'\n")
        os.makedirs(os.path.join(self.mirror, "elsewhere"))
        self.assertEqual(self.import_probe(), ["plain", "SourceFileLoader", "True"])
        shutil.rmtree(self.mirror)
        self.assertEqual(self.import_probe(), ["plain", "SourceFileLoader", "False"])
