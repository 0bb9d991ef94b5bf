"""The installed package carries what it needs: build a wheel, install it elsewhere, build from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "followscope"
    # Build from a clean copy of the tracked files, as a fresh clone would (force-include copies folders verbatim).
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split("\n")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                            str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return next(out.glob("followscope-*.whl"))


def test_wheel_carries_templates_themes_and_guides(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("followscope_site/_data/templates/") and n.endswith(".html") for n in names)
    assert "followscope_site/_data/themes/default/theme.yaml" in names
    assert any(n.startswith("followscope_site/guides/") and n.endswith(".md") for n in names)
    assert not any("__pycache__" in n for n in names)


def test_wheel_carries_the_catalog_of_every_language(wheel: Path) -> None:
    from followscope_site.i18n import SOURCE_LANGUAGE, language_codes

    names = set(zipfile.ZipFile(wheel).namelist())
    for code in language_codes():
        if code != SOURCE_LANGUAGE:
            assert f"followscope_site/locale/{code}/LC_MESSAGES/messages.po" in names, code


def test_installed_wheel_builds_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "examples" / "exports", work / "exports")
    (work / "followscope.yaml").write_text("accounts:\n  - exports: exports/instagram\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}  # the installed copy wins over the editable source tree
    probe = subprocess.run([sys.executable, "-c", "import followscope_site.resources as r; print(r.templates_dir())"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert str(target) in probe.stdout
    catalog = subprocess.run([sys.executable, "-c", "import followscope_site.i18n as i; "
                              "print(i.catalog_path('es')); print(i.translations('es').gettext('Language'))"],
                             cwd=work, env=env, capture_output=True, text=True, check=True, encoding="utf-8")
    where, word = catalog.stdout.splitlines()
    assert where.startswith(str(target)) and word == "Idioma"  # read from the installed .po
    run = subprocess.run([sys.executable, "-m", "followscope_site", "build"], cwd=work, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (work / "site" / "index.html").is_file()
    assert (work / "site" / "report.json").is_file()
