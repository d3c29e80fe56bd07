"""setuptools' build_ext for the engine modules (pyproject's cmdclass): compiles them with Cython, on
both cores, and writes beside each compiled file the SHA-256 of its source (see ``dashboard.compiled``).
Only the install imports this module, and it imports it as a lone file: it cannot import ``dashboard``, so
it repeats the digest's file name and form, which ``dashboard.compiled`` reads (tests/test_compiled.py checks
that every compiled module's digest is found and matches)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from setuptools.command.build_ext import build_ext

DIGEST_SUFFIX = ".sha256"  # dashboard.compiled.DIGEST_SUFFIX


def source_digest(path: Path) -> str:  # dashboard.compiled.source_digest
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _source(ext) -> Path:
    return Path(*ext.name.split(".")).with_suffix(".py")


class BuildExt(build_ext):
    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1

    def build_extension(self, ext):
        super().build_extension(ext)
        compiled = Path(self.get_ext_fullpath(ext.name))
        if compiled.exists():  # an optional extension that failed to compile leaves nothing to vouch for
            compiled.with_name(compiled.name + DIGEST_SUFFIX).write_text(source_digest(_source(ext)) + "\n", encoding="ascii")

    def copy_extensions_to_source(self):
        """Editable installs: the compiled files go beside their sources, and their digests with them."""
        super().copy_extensions_to_source()
        build_py = self.get_finalized_command("build_py")
        for ext in self.extensions:
            inplace, built = (Path(p) for p in self._get_inplace_equivalent(build_py, ext))
            digest = built.with_name(built.name + DIGEST_SUFFIX)
            if digest.exists():
                inplace.with_name(digest.name).write_bytes(digest.read_bytes())
