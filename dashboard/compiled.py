"""The extraction engine compiled with Cython where the install could, and never out of date.

``pip install`` compiles the modules in ``ENGINE`` (``[tool.setuptools] ext-modules`` in pyproject.toml)
and writes beside each compiled file the SHA-256 of the source it was compiled from
(``dashboard/_build_ext.py``). An install without a C compiler keeps the sources, which behave the same.

``use_current_compiled()`` (run when ``dashboard`` is imported) lets Python import a compiled module only
when that digest matches the ``.py`` beside it. An edited source is imported as source, with one warning
saying to reinstall, so nobody tests or builds with code they have already changed.
``DASHBOARD_PURE_PYTHON=1`` imports every engine module as source.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

ENGINE = (
    "dashboard.codebook",
    "dashboard.extract.attribution",
    "dashboard.extract.claims",
    "dashboard.extract.contributions",
    "dashboard.extract.counts",
    "dashboard.extract.dates",
    "dashboard.extract.numbers",
    "dashboard.extract.sentences",
)
DIGEST_SUFFIX = ".sha256"  # beside "claims.cpython-311-x86_64-linux-gnu.so": that name plus this suffix


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stale(compiled: Path, source: Path) -> str | None:
    """Why ``compiled`` must not stand for ``source``, or None when it may."""
    if os.environ.get("DASHBOARD_PURE_PYTHON") == "1":
        return "DASHBOARD_PURE_PYTHON=1"
    if not source.exists():
        return None
    recorded = compiled.with_name(compiled.name + DIGEST_SUFFIX)
    if not recorded.exists():
        return f"{recorded.name} is missing"
    if recorded.read_text(encoding="ascii").strip() != source_digest(source):
        return f"{source.name} changed after it was compiled"
    return None


class _CurrentCompiled(importlib.abc.MetaPathFinder):
    """Finds ENGINE modules: the compiled file when it was built from the source beside it, else the source."""

    def find_spec(self, name, path, target=None):
        if name not in ENGINE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            return spec
        compiled = Path(spec.origin)
        source = compiled.with_name(name.rpartition(".")[2] + ".py")
        reason = _stale(compiled, source)
        if reason is None:
            return spec
        if reason != "DASHBOARD_PURE_PYTHON=1":
            warnings.warn(
                f"{name}: importing the source, not the compiled module ({reason}); `pip install -e .` compiles it again",
                stacklevel=2,
            )
        return importlib.util.spec_from_file_location(name, source)


def use_current_compiled() -> None:
    if not any(isinstance(f, _CurrentCompiled) for f in sys.meta_path):
        sys.meta_path.insert(0, _CurrentCompiled())


def engine_modules() -> dict[str, str]:
    """Each engine module as imported now: "compiled" or "source" (imports them)."""
    status = {}
    for name in ENGINE:
        module = importlib.import_module(name)
        status[name] = "source" if module.__file__.endswith(".py") else "compiled"
    return status
