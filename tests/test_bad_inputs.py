"""Every bad input in tests/bad_inputs/ through the real CLI: one clear line, exit 1, the previous site intact.

Each case starts from a copy of one good build (config + export + site), swaps in one bad input, runs
`python -m followscope_site build` in a subprocess and checks what a user would see. Inputs that a
platform really writes (duplicates, a missing `followers_2.json`, a BOM, UTF-16, mojibake, `@Upper` handles)
must build, and their warning must reach report.json. What each input must produce is in
tests/bad_inputs/expected.yaml.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from followscope_site.site.swap import is_scratch_name

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_inputs"
LISTS = "connections/followers_and_following"
BASE_CONFIG = "accounts:\n  - exports: exports\n"
TIMEOUT = 60
MEMORY_MB = 2048


def _memory_bound() -> None:
    try:
        import resource
    except ImportError:  # Windows: no POSIX limits; the time bound still holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_MB * 2**20, MEMORY_MB * 2**20))


def _load_recipes() -> Any:
    spec = importlib.util.spec_from_file_location("bad_input_recipes", CORPUS / "recipes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


recipes = _load_recipes()
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def run_build(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process, under a time bound (TIMEOUT) and, where POSIX allows, a memory bound
    (MEMORY_MB of address space): a hang or a blow-up fails the case instead of the machine. Progress is shown
    from the first step (FOLLOWSCOPE_PROGRESS_DELAY=0), as for a slow build, so every case also checks that
    progress never comes between a script and the error line on stderr."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_COLOR": "1", "COLUMNS": "200",
           "FOLLOWSCOPE_PROGRESS_DELAY": "0"}
    return subprocess.run([sys.executable, "-m", "followscope_site", "build", "-c", "followscope.yaml",
                           "-o", "site", *extra], cwd=folder, capture_output=True, text=True, env=env,
                          timeout=TIMEOUT, preexec_fn=_memory_bound if os.name == "posix" else None)


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """One good site, built once: config, export folder and site, plus every site file's bytes."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "followscope.yaml").write_text(BASE_CONFIG, encoding="utf-8")
    shutil.copytree(CORPUS / "good", recipes.export_dir(folder / "exports"))
    result = run_build(folder)
    assert result.returncode == 0, result.stderr
    return folder, site_bytes(folder / "site")


def prepare(good: Path, tmp_path: Path, name: str, case: dict[str, Any]) -> Path:
    """A copy of the good build with this one input swapped in."""
    folder = tmp_path / "case"
    shutil.copytree(good, folder, symlinks=True)
    exports = folder / "exports"
    export = recipes.export_dir(exports)
    config = BASE_CONFIG
    if name.startswith("config/"):
        config = (CORPUS / name).read_text(encoding="utf-8")
    elif name.startswith("recipe/"):
        config += recipes.RECIPES[name.removeprefix("recipe/")](exports) or ""
    else:
        for removed in case.get("remove", []):
            (export / LISTS / removed).unlink()
        place = case["place"]
        shutil.copyfile(CORPUS / name, export / (place if "/" in place else f"{LISTS}/{place}"))
        if case.get("zip"):
            recipes.zip_folder(export)
    (folder / "followscope.yaml").write_text(config, encoding="utf-8")
    return folder


def _cases() -> list[Any]:
    marks: dict[str, list[pytest.MarkDecorator]] = {}
    for name, case in EXPECTED.items():
        marks[name] = []
        if case.get("xfail"):
            marks[name].append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        if case.get("skip_as_root") and _is_root():
            marks[name].append(pytest.mark.skip(reason="root reads a chmod 000 file"))
    return [pytest.param(name, case, id=name, marks=marks[name]) for name, case in EXPECTED.items()]


def test_corpus_is_complete() -> None:
    """Every committed input has an expectation, every expectation has an input, and there are 40 or more."""
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
             if p.is_file() and p.parts[len(CORPUS.parts)] in ("export", "config")}
    listed = {n for n in EXPECTED if not n.startswith("recipe/")}
    assert files == listed
    assert {n.removeprefix("recipe/") for n in EXPECTED if n.startswith("recipe/")} == set(recipes.RECIPES)
    assert len(EXPECTED) >= 40


@pytest.fixture(scope="session")
def outcomes(good_build: tuple[Path, dict[str, bytes]], tmp_path_factory: pytest.TempPathFactory,
             request: pytest.FixtureRequest) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every selected case built once, a few at a time (each build is a process, mostly start-up time)."""
    good, _ = good_build
    selected = {item.callspec.params["name"] for item in request.session.items
                if item.originalname == "test_bad_input" and hasattr(item, "callspec")}
    skipped = {name for name, case in EXPECTED.items()
               if (case.get("skip_as_root") and _is_root()) or name not in selected}

    def one(name: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        folder = prepare(good, tmp_path_factory.mktemp("bad"), name, EXPECTED[name])
        return folder, run_build(folder)

    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {name: pool.submit(one, name) for name in EXPECTED if name not in skipped}
        return {name: future.result() for name, future in futures.items()}


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.parametrize(("name", "case"), _cases())
def test_bad_input(name: str, case: dict[str, Any], good_build: tuple[Path, dict[str, bytes]],
                   outcomes: dict[str, tuple[Path, subprocess.CompletedProcess[str]]]) -> None:
    _, good_site = good_build
    folder, result = outcomes[name]
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if "error" in case:
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        head = lines[0]
        assert head.startswith("followscope: error: "), result.stderr
        assert case["names"] in head, head
        assert case["error"] in head, head
        if name.startswith("config/") and len(lines) > 1:
            assert all(line.startswith("followscope.yaml:") for line in lines[1:]), result.stderr
            assert case.get("detail", "") in "\n".join(lines[1:]), result.stderr
        else:
            assert len(lines) == 1, result.stderr
        if "followers_and_following/" in case["names"] or ".zip" in case["names"]:  # an export was being read
            assert result.stdout.startswith("reading export 1: exports"), result.stdout
        assert site_bytes(folder / "site") == good_site, "the previous site changed"
    else:
        assert result.returncode == 0, result.stderr
        report = json.loads((folder / "site" / "report.json").read_text(encoding="utf-8"))
        warnings = [w for a in report["accounts"] for s in a["snapshots"] for w in s["warnings"]]
        if case.get("warning"):
            assert any(case["warning"] in w for w in warnings), warnings
            assert case["warning"] in result.stderr, result.stderr
        else:
            assert warnings == [], warnings
        counts = report["accounts"][0]["counts"]
        for key, value in case.get("counts", {}).items():
            assert counts[key] == value, counts
        pages = "".join(p.read_text(encoding="utf-8") for p in (folder / "site").rglob("*.html"))
        for text in case.get("site_contains", []):
            assert text in pages, text
        for handle in case.get("handles", []):
            assert any(row["handle"] == handle for rows in report["accounts"][0]["categories"].values()
                       for row in rows), handle
    assert not [p.name for p in folder.iterdir() if is_scratch_name(p.name)], "staging folders left behind"
    assert not list(folder.parent.parent.rglob("evil-slip*")) and not Path("/tmp/evil-slip-abs.json").exists()


@pytest.mark.parametrize("name", ["export/truncated_following.json", "config/tabs.yaml"])
def test_verbose_shows_traceback_only_when_asked(name: str, good_build: tuple[Path, dict[str, bytes]],
                                                 tmp_path: Path) -> None:
    """-v adds the traceback before the line; the line itself is the same."""
    good, _ = good_build
    folder = prepare(good, tmp_path, name, EXPECTED[name])
    quiet = run_build(folder)
    loud = run_build(folder, "-v")
    assert loud.returncode == quiet.returncode == 1
    assert "Traceback" in loud.stderr
    assert quiet.stderr.splitlines()[0] in loud.stderr.splitlines()
