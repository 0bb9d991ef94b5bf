"""site.language and site.languages: codes from the locale folders, errors at file:line:col listing the choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site.config.loader import load_config
from followscope_site.config.schema import Config
from followscope_site.errors import ConfigError

TWELVE = ["en", "es", "pt", "fr", "de", "it", "tr", "id", "hi", "ar", "ja", "ru"]


def problems(tmp_path: Path, site: str) -> list[str]:
    path = tmp_path / "followscope.yaml"
    path.write_text(f"accounts:\n  - exports: x\nsite:\n{site}", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return ["followscope.yaml" + line.split("followscope.yaml", 1)[1] for line in info.value.details]


def languages_of(site: dict[str, object]) -> list[str]:
    return Config.model_validate({"accounts": [{"exports": "x"}], "site": site}).site.site_languages


def test_unknown_code_is_located_and_lists_every_choice(tmp_path: Path) -> None:
    [line] = problems(tmp_path, "  title: T\n  language: xx\n")
    assert line.startswith("followscope.yaml:5:13: site.language: ")
    assert "'xx'" in line
    listed = line.split("choose one of: ", 1)[1].split(" (got", 1)[0].split(", ")
    assert set(TWELVE) <= set(listed) and len(listed) >= 12


def test_a_code_in_a_list_is_located_at_its_item(tmp_path: Path) -> None:
    [line] = problems(tmp_path, "  languages: [en, es,\n    klingon]\n")
    assert line.startswith("followscope.yaml:5:5: site.languages.2: ")


def test_hostile_code_is_quoted_escaped(tmp_path: Path) -> None:
    [line] = problems(tmp_path, '  language: "e\\u202en"\n')
    assert "\u202e" not in line and "\\u202e" in line


@pytest.mark.parametrize(("site", "expected"), [
    ({}, ["en"]),
    ({"language": "de"}, ["de"]),
    ({"language": "ES"}, ["es"]),  # written in capitals still names the folder
    ({"languages": ["es", "en", "ar"]}, ["es", "en", "ar"]),
    ({"language": "ar", "languages": ["es", "ar"]}, ["ar", "es"]),  # `language` is the one at the root
])
def test_the_site_languages_default_first(site: dict[str, object], expected: list[str]) -> None:
    assert languages_of(site) == expected


def test_language_must_be_one_of_languages(tmp_path: Path) -> None:
    [line] = problems(tmp_path, "  language: de\n  languages: [es, fr]\n")
    assert line.startswith("followscope.yaml:5:14: site.languages: ") and "(de)" in line


@pytest.mark.parametrize("value", ["[es, es]", "[]"])
def test_languages_twice_or_none_is_an_error(tmp_path: Path, value: str) -> None:
    [line] = problems(tmp_path, f"  languages: {value}\n")
    assert line.startswith("followscope.yaml:4:14: site.languages: ")
