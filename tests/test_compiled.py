"""The engine modules run compiled (pip install compiles them), give the same claims as their sources, and a
compiled module is never used once its source has changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.compiled import DIGEST_SUFFIX, ENGINE, engine_modules, source_digest

from .conftest import ROOT

# Extracts the seeds, the test fixtures, the eval articles (when ../shared is there) and 100 synthetic
# articles; prints the engine modules' state and every claim, contribution and total.
EXTRACT_ALL = """
import datetime as dt, json, sys
from pathlib import Path
import numpy as np
from dashboard import config
from dashboard.bench import synthetic_article
from dashboard.codebook import load_codebook
from dashboard.compiled import engine_modules
from dashboard.extract import extract_article
root = Path(sys.argv[1])
cb = load_codebook(config.codebook_path())
texts = [p.read_text(encoding="utf-8") for p in sorted([*root.glob("seeds/*.txt"), *root.glob("tests/fixtures/articles/*.txt"),
         *root.parent.glob("shared/eval/articles/*.txt")])]
rng = np.random.default_rng(3)
names = [a.name for a in cb.actors.values() if a.type in ("country", "person")]
texts += [synthetic_article(rng, names) for _ in range(100)]
out = []
for t in texts:
    r = extract_article(t, article_id="a", published=dt.date(2025, 9, 1), publisher="Wire", codebook=cb)
    out.append([r.claims, r.contributions, r.coalition_counts])
print(json.dumps({"modules": engine_modules(), "texts": len(texts), "out": out}, sort_keys=True))
"""


def _run(code: str, *args: str, pythonpath: Path | None = None, pure: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_PURE_PYTHON", "PYTHONPATH")}
    if pure:
        env["DASHBOARD_PURE_PYTHON"] = "1"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    cwd = pythonpath or ROOT
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_install_compiles_exactly_the_modules_the_guard_watches():
    """pyproject.toml lists what the install compiles, ``compiled.ENGINE`` what is imported only while
    current: a module in the first and not the second could run compiled from an old source."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["ext-modules"]
    assert [(m["name"], m["sources"]) for m in declared] == [(n, [n.replace(".", "/") + ".py"]) for n in ENGINE]


def test_every_engine_module_is_compiled_from_the_source_beside_it():
    assert engine_modules() == dict.fromkeys(ENGINE, "compiled"), "run `pip install -e .` (tests/run.sh does) to compile them"
    for name in ENGINE:
        compiled = Path(sys.modules[name].__file__)
        recorded = compiled.with_name(compiled.name + DIGEST_SUFFIX).read_text(encoding="ascii").strip()
        assert recorded == source_digest(compiled.with_name(name.rpartition(".")[2] + ".py"))


def test_compiled_and_source_modules_give_the_same_claims():
    compiled = _run(EXTRACT_ALL, str(ROOT))
    source = _run(EXTRACT_ALL, str(ROOT), pure=True)
    assert compiled.returncode == 0 and source.returncode == 0, compiled.stderr + source.stderr
    a, b = json.loads(compiled.stdout), json.loads(source.stdout)
    assert set(a["modules"].values()) == {"compiled"} and set(b["modules"].values()) == {"source"}
    assert a["texts"] == b["texts"] >= 104
    assert sum(len(claims) for claims, _, _ in a["out"]) > 1000
    assert a["out"] == b["out"]
    assert source.stderr == ""  # DASHBOARD_PURE_PYTHON is a choice, not a warning


WHICH = "import dashboard.extract, json; from dashboard.compiled import engine_modules; print(json.dumps(engine_modules()))"


@pytest.mark.parametrize("change", ["edit the source", "lose the digest"])
def test_a_compiled_module_whose_source_changed_is_not_used(tmp_path, change):
    shutil.copytree(ROOT / "dashboard", tmp_path / "dashboard", ignore=shutil.ignore_patterns("__pycache__"))
    claims = tmp_path / "dashboard" / "extract" / "claims.py"
    if change == "edit the source":
        claims.write_text(claims.read_text(encoding="utf-8") + "\n# edited after the install\n", encoding="utf-8")
    else:
        (digest,) = claims.parent.glob(f"claims.*{DIGEST_SUFFIX}")
        digest.unlink()

    run = _run(WHICH, pythonpath=tmp_path)

    assert run.returncode == 0, run.stderr
    modules = json.loads(run.stdout)
    assert modules.pop("dashboard.extract.claims") == "source"
    assert set(modules.values()) == {"compiled"}  # the others were not touched
    assert "dashboard.extract.claims: importing the source, not the compiled module" in run.stderr
    assert "`pip install -e .` compiles it again" in run.stderr
    assert str(tmp_path / "dashboard" / "extract") in run.stderr  # the copy was imported, not the checkout
    reason = "claims.py changed after it was compiled" if change == "edit the source" else "sha256 is missing"
    assert reason in run.stderr
