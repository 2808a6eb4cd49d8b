"""Bytecode of a pack's Python files, kept in the pack's virtualenv.

Action children see the pack read-only, so Python cannot write __pycache__ next to its files and
compiles every module of the pack again on every run (a 350-line module costs about half a bare
interpreter's start-up). squall compiles them once into `<venv>/squall-bytecode`, a tree that
mirrors their absolute paths, and the action child reads them from there. The .pyc files are
ordinary timestamp-checked ones: a file edited since is compiled from source, as before.
"""

import sys

try:
    from _frozen_importlib_external import (BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES,
                                            ExtensionFileLoader, FileFinder, SourceFileLoader,
                                            SourcelessFileLoader, cache_from_source)
except ImportError:
    from importlib.machinery import (BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES,
                                     ExtensionFileLoader, FileFinder, SourceFileLoader,
                                     SourcelessFileLoader)
    from importlib.util import cache_from_source

DIRECTORY_NAME = "squall-bytecode"


def mirrored(root, source_path):
    """Where the bytecode of an absolute source path lives under root."""
    directory, _, name = source_path.rpartition("/")
    return "%s%s/%s.%s.pyc" % (root, directory, name.rpartition(".")[0], sys.implementation.cache_tag)


def compile_tree(root, directories):
    """Compiles every .py file below the given absolute directories into root's mirror.
    A file that does not compile is left out: importing it raises its SyntaxError as before."""
    import os
    import py_compile

    for top in directories:
        for directory, subdirectories, files in os.walk(top):
            subdirectories[:] = [d for d in subdirectories if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if name.endswith(".py"):
                    source = os.path.join(directory, name)
                    py_compile.compile(source, cfile=mirrored(root, source), dfile=source, quiet=2,
                                       invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)


class MirroredSourceLoader(SourceFileLoader):
    """A source loader that reads the bytecode from the mirror before __pycache__."""

    root = None

    def get_data(self, path):
        if path.endswith(".pyc") and path == cache_from_source(self.path):
            try:
                return super(MirroredSourceLoader, self).get_data(mirrored(self.root, self.path))
            except OSError:
                pass
        return super(MirroredSourceLoader, self).get_data(path)


def install(root):
    """Makes imports from directories that have a mirror under root read their bytecode there,
    and returns the loader class for the entry point (None when there is no mirror)."""
    import posix

    def is_mirrored(path):
        if not path.startswith("/"):
            return False
        try:
            posix.stat(root + path)
        except (OSError, ValueError):
            return False
        return True

    if not is_mirrored("/"):
        return None
    loader = type("MirroredSourceLoader", (MirroredSourceLoader,), {"root": root})

    def path_hook(path):
        if not is_mirrored(path):
            raise ImportError("no bytecode mirror for %s" % path)
        return FileFinder(path, (ExtensionFileLoader, EXTENSION_SUFFIXES), (loader, SOURCE_SUFFIXES),
                          (SourcelessFileLoader, BYTECODE_SUFFIXES))

    sys.path_hooks.insert(0, path_hook)
    # Finders made before (while the wrapper imported its own modules) are made again.
    for path in list(sys.path_importer_cache):
        if isinstance(path, str) and is_mirrored(path):
            del sys.path_importer_cache[path]
    return loader
