"""Translated guides keep what the site and the reader rely on: front matter, figures, links and code spans."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "followscope_site" / "guides"
LOCALE = ROOT / "followscope_site" / "locale"

FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
FIGURE_LINE = re.compile(r"^::figure\[[^\]]*\]$", re.M)
HTML_TAG = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
# A comment in a code example is for the reader, so it is translated; the keys and values around it are what the
# config expects, so they stay exactly as in the English guide.
YAML_COMMENT = re.compile(r"\s*#.*$")
CERTAINTY_VALUES = ("certain", "likely", "unknown")


def parse(path: Path) -> tuple[dict, str]:
    """Split a guide into its YAML front matter and its markdown body."""
    match = FRONT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path}: no front matter between --- lines at the top"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return meta, match.group(2)


def anchors(body: str) -> dict[str, object]:
    """What a translation must keep as is: figure lines, link targets, inline code and code blocks minus comments
    (the keys and values; their comments are translated, see test_code_comments_are_translated)."""
    tokens = MarkdownIt("js-default").enable("table").parse(body)
    inline = [child for tok in tokens for child in (tok.children or [])]
    blocks = [
        [YAML_COMMENT.sub("", line) for line in tok.content.splitlines()]
        for tok in tokens if tok.type in ("fence", "code_block")
    ]
    return {
        "figures": Counter(FIGURE_LINE.findall(body)),
        "links": {str(tok.attrs["href"]) for tok in inline if tok.type == "link_open"},
        "code spans": {tok.content for tok in inline if tok.type == "code_inline"},
        "code blocks": [[line for line in block if line.strip()] for block in blocks],
        "headings": [tok.tag for tok in tokens if tok.type == "heading_open"],
    }


def languages() -> list[Path]:
    return sorted(p for p in LOCALE.glob("*/guides") if p.is_dir()) if LOCALE.is_dir() else []


def translations() -> list[tuple[Path, Path]]:
    return [(folder / path.name, path) for folder in languages() for path in sorted(ENGLISH.glob("*.md"))]


def ident(pair: tuple[Path, Path]) -> str:
    return f"{pair[0].parent.parent.name}/{pair[0].stem}"


@pytest.mark.parametrize("folder", languages(), ids=lambda p: p.parent.name)
def test_every_guide_is_translated_and_nothing_else(folder: Path):
    assert {p.name for p in folder.glob("*.md")} == {p.name for p in ENGLISH.glob("*.md")}


@pytest.mark.parametrize("pair", translations(), ids=ident)
def test_front_matter_is_kept(pair: tuple[Path, Path]):
    translated, english = pair
    if not translated.is_file():
        pytest.skip("missing; reported by test_every_guide_is_translated_and_nothing_else")
    meta, body = parse(translated)
    source, _ = parse(english)
    assert set(meta) == set(source), f"{translated}: front-matter keys differ"
    assert meta["order"] == source["order"] and meta["draws_on"] == source["draws_on"], translated
    for key in ("title", "summary"):
        assert isinstance(meta[key], str) and meta[key].strip(), f"{translated}: empty {key}"
        assert "\n" not in meta[key].strip(), f"{translated}: {key} is one line"
    assert meta["title"] != source["title"] or meta["summary"] != source["summary"], f"{translated}: not translated"
    assert not HTML_TAG.search(body), f"{translated}: raw HTML: {HTML_TAG.search(body).group(0)!r}"
    sources = source["draws_on"] if isinstance(source["draws_on"], list) else [source["draws_on"]]
    for title in sources:
        # The title of an English article stays English, on one line: the page marks it lang="en".
        assert title in body, f"{translated}: the closing section doesn't name the article {title!r} on one line"
    assert "SPEC" not in body, f"{translated}: cites the SPEC, a document the reader doesn't have"


@pytest.mark.parametrize("pair", translations(), ids=ident)
def test_figures_links_and_code_are_kept(pair: tuple[Path, Path]):
    translated, english = pair
    if not translated.is_file():
        pytest.skip("missing; reported by test_every_guide_is_translated_and_nothing_else")
    mine, theirs = anchors(parse(translated)[1]), anchors(parse(english)[1])
    for what in theirs:
        assert mine[what] == theirs[what], (
            f"{translated}: {what} differ from the English guide\n  extra: {_diff(mine[what], theirs[what])}\n"
            f"  missing: {_diff(theirs[what], mine[what])}"
        )


def comments(body: str) -> list[str]:
    """The comments of the code blocks, as written after their `#`."""
    tokens = MarkdownIt("js-default").enable("table").parse(body)
    return [match.group(1).strip() for tok in tokens if tok.type in ("fence", "code_block")
            for line in tok.content.splitlines() if (match := re.search(r"#(.*)$", line))]


@pytest.mark.parametrize("pair", translations(), ids=ident)
def test_code_comments_are_translated(pair: tuple[Path, Path]):
    """A code example's comments explain it to the reader: none is left in English (nor glossed in a paragraph)."""
    translated, english = pair
    if not translated.is_file():
        pytest.skip("missing; reported by test_every_guide_is_translated_and_nothing_else")
    mine, theirs = comments(parse(translated)[1]), comments(parse(english)[1])
    assert bool(mine) == bool(theirs), f"{translated}: code comments added or dropped"
    left = sorted(set(mine) & {c for c in theirs if re.search(r"[A-Za-z]{3}", c)})
    assert not left, f"{translated}: code comments still in English: {left}"


def _page_words(code: str) -> dict[str, str]:
    """The words the pages of this language show for each certainty (its catalog)."""
    from followscope_site.i18n import translations as catalog
    from followscope_site.site.texts import CERTAINTY_LABELS

    return {value: catalog(code).gettext(CERTAINTY_LABELS[value]) for value in CERTAINTY_VALUES}


@pytest.mark.parametrize("folder", languages(), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("name", ["history-and-changes", "glossary"])
def test_certainty_uses_the_words_the_pages_show(folder: Path, name: str):
    """The history page and the lists show `likely` as the catalog translates it; a guide uses the same word, and
    writes the English value only beside that word, where it is about report.json."""
    code = folder.parent.name
    words = _page_words(code)
    assert all(words[v] != v or code == "fr" for v in CERTAINTY_VALUES), f"{code}: the catalog lacks the words"
    _, body = parse(folder / f"{name}.md")
    prose = " ".join(body.split())  # a line break reads as a space
    for value, word in words.items():
        assert f"**{word}**" in prose, f"{folder / name}: doesn't show {value!r} as the pages do ({word!r})"
    for paragraph in re.split(r"\n\s*\n|\n(?=- )", body):
        paragraph = " ".join(paragraph.split())
        if paragraph.startswith("|"):
            assert not any(f"`{v}`" in paragraph for v in CERTAINTY_VALUES), f"{folder / name}: English in the table"
        elif any(f"`{v}`" in paragraph for v in CERTAINTY_VALUES):
            assert all(word in paragraph for word in words.values()), f"{folder / name}: {paragraph[:100]!r}"


@pytest.mark.parametrize("folder", languages(), ids=lambda p: p.parent.name)
def test_instagram_options_are_named_as_the_pages_name_them(folder: Path):
    """The pages (their catalog) name Instagram's "All time" range in the page language; so do the guides."""
    for path in sorted(folder.glob("*.md")):
        assert "All time" not in path.read_text(encoding="utf-8"), path


def _diff(a: object, b: object) -> object:
    if isinstance(a, Counter | set) and isinstance(b, Counter | set):
        return sorted(set(a) - set(b))
    return a


@pytest.mark.parametrize("pair", translations(), ids=ident)
def test_renders_like_the_english_guide(pair: tuple[Path, Path]):
    from followscope_site.site.guides import markdown, read_guide

    translated, english = pair
    if not translated.is_file():
        pytest.skip("missing; reported by test_every_guide_is_translated_and_nothing_else")
    md = markdown()
    mine, theirs = read_guide(translated, md), read_guide(english, md)
    assert (mine.slug, mine.order) == (theirs.slug, theirs.order)
    assert "::figure" not in mine.html and not re.search(r"<p>\s*</p>", mine.html), translated
    assert mine.html.count("<li>") == theirs.html.count("<li>"), f"{translated}: list items differ"
    for title in mine.draws_on:
        assert f'<span lang="en" dir="ltr">{title}</span>' in mine.html, f"{translated}: {title!r} not marked English"
