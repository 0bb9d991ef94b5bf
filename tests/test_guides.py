"""The guideline pages: front matter, the slugs other parts link to, rendering, links, and own-words text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "followscope_site" / "guides"
SEEDCHECK = ROOT.parent / "shared" / "tools" / "seedcheck.py"

# Finding cards and pages link to these slugs, with these `order` values (issues #2, #4 and #16).
EXPECTED_ORDER = {
    "mutual-followers": 10,
    "following-back": 20,
    "after-a-follow-back": 25,
    "follower-balance": 30,
    "reciprocity-etiquette": 40,
    "growing-mutual-follows": 45,
    "selective-follow-back": 50,
    "follow-back-policy": 55,
    "auditing-following": 60,
    "engagement-over-counts": 70,
    "active-and-passive-followers": 75,
    "automation-rules": 80,
    "history-and-changes": 90,
    "glossary": 900,
    "privacy": 910,
}

# The outside articles a page may say it draws on (`draws_on: []` when it explains FollowScope itself). The
# first article's full title is itself a run of more than 8 words from the seed, so seedcheck would flag any file
# that spells it out; the guides name it by its first words. No guide cites a document the reader doesn't have
# (the project's internal SPEC, for one).
SOURCES = {
    "Mutual Followers vs. Non-Mutual Followers",
    "What Does Follow Back on Instagram Mean",
}

SPEC_KEYS = (
    "mutuals", "fans", "not_following_back", "pending_sent", "requests_received", "recently_unfollowed",
    "recent_requests", "close_friends", "blocked", "restricted", "hidden_story", "favorites",
    "removed_suggestions", "allowlisted", "deactivated", "gained_followers", "lost_followers", "new_following",
    "dropped_following", "follow_ratio", "follow_back_rate", "followed_back_rate",
)

HTML_TAG = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
GUIDE_HREF = re.compile(r"^(?P<slug>[a-z0-9-]+)\.html(#[A-Za-z0-9_-]+)?$")


def parse(path: Path) -> tuple[dict, str]:
    """Split a guide into its YAML front matter and its markdown body."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"{path.name}: no front matter between --- lines at the top"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    return meta, match.group(2)


def guide_files() -> list[Path]:
    return sorted(GUIDES.glob("*.md"))


def test_the_expected_slugs_exist_and_nothing_else():
    assert {p.stem for p in guide_files()} == set(EXPECTED_ORDER)


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_front_matter_and_body(path: Path):
    meta, body = parse(path)
    for key in ("title", "summary", "order", "draws_on"):
        assert meta.get(key) not in (None, ""), f"{path.name}: front matter lacks {key}"
    assert isinstance(meta["draws_on"], list | str), f"{path.name}: draws_on is a title or a list of titles"
    assert isinstance(meta["title"], str) and isinstance(meta["summary"], str)
    assert "\n" not in meta["summary"].strip(), "the summary is one line on the index and in finding cards"
    assert meta["order"] == EXPECTED_ORDER[path.stem]
    draws_on = meta["draws_on"] if isinstance(meta["draws_on"], list) else [meta["draws_on"]]
    assert set(draws_on) <= SOURCES, f"{path.name}: unknown draws_on {draws_on}"
    assert "SPEC" not in body, f"{path.name}: cites the SPEC, a document the reader doesn't have"
    assert body.strip(), f"{path.name}: empty body"
    assert not HTML_TAG.search(body), f"{path.name}: raw HTML in the body: {HTML_TAG.search(body).group(0)!r}"
    assert not body.lstrip().startswith("# "), "the page template shows the title; the body has no H1"


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_ends_by_naming_its_source(path: Path):
    meta, body = parse(path)
    sections = re.split(r"^## ", body, flags=re.M)
    last = sections[-1]
    assert last.startswith("Where this comes from\n"), f"{path.name}: the last section is not 'Where this comes from'"
    assert "our own" in last
    draws_on = meta["draws_on"] if isinstance(meta["draws_on"], list) else [meta["draws_on"]]
    for source in draws_on:
        # On one line: the page marks the title as English (lang="en"), which a line break would split.
        assert f'"{source}"' in last, f"{path.name}: the closing paragraph doesn't name {source!r} on one line"
    if not draws_on:
        assert "does not draw on an outside article" in " ".join(last.split()), path.name


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_the_page_names_its_sources_once_and_marks_their_titles_english(path: Path):
    """The closing section is the one place that names the articles; each title is an English name."""
    from followscope_site.site.guides import markdown, read_guide

    guide = read_guide(path, markdown())
    for source in guide.draws_on:
        assert guide.html.count(f'<span lang="en" dir="ltr">{source}</span>') >= 1, f"{path.name}: {source!r}"
    template = (ROOT / "templates" / "guide.html").read_text(encoding="utf-8")
    assert "draws_on" not in template and "Draws on" not in template, "the sources would show twice"


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_renders_and_links_only_to_existing_guides(path: Path):
    _, body = parse(path)
    md = MarkdownIt("js-default")
    html = md.render(body)
    assert "<h2>" in html
    hrefs = [tok.attrs["href"] for block in md.parse(body) for tok in (block.children or [])
             if tok.type == "link_open"]
    assert hrefs or path.stem in {"history-and-changes", "privacy"}, f"{path.name}: links to no other guide"
    for href in hrefs:
        match = GUIDE_HREF.match(str(href))
        assert match, f"{path.name}: {href!r} is not a relative link to another guide"
        assert match["slug"] in EXPECTED_ORDER and match["slug"] != path.stem, f"{path.name}: {href!r}"


def test_glossary_defines_every_spec_key():
    _, body = parse(GUIDES / "glossary.md")
    for key in SPEC_KEYS:
        assert re.search(rf"^- `{key}`:", body, re.M), f"glossary lacks an entry for {key}"
    for term in ("Snapshot", "Export", "Partial export", "Finding", "Handle"):
        assert f"**{term}**" in body, f"glossary lacks the term {term}"


def test_code_examples_read_left_to_right_on_any_page():
    """On an Arabic page a YAML example keeps its indentation and `key: value` order, translated comments too."""
    from followscope_site.site.guides import markdown

    html = markdown().render("```yaml\nsite:\n  privacy: private   # أو: public\n```\n\n    indented\n")
    assert html.count('<pre dir="ltr">') == 2, html


CERTAINTY_VALUES = ("certain", "likely", "unknown")


def test_history_names_every_certainty_label():
    from followscope_site.site.texts import CERTAINTY_LABELS

    _, body = parse(GUIDES / "history-and-changes.md")
    for value in CERTAINTY_VALUES:
        label = CERTAINTY_LABELS[value]
        assert f"**{label}**" in body, f"the guide shows the label {label!r} as the pages do"
    assert "All time" in body


@pytest.mark.parametrize("name", ["history-and-changes", "glossary"])
def test_certainty_values_in_code_only_where_files_hold_them(name: str):
    """The pages show a certainty as a word (translated); `certain`, `likely`, `unknown` are report.json values,
    so a paragraph that writes them as code says it is about files."""
    _, body = parse(GUIDES / f"{name}.md")
    for paragraph in re.split(r"\n\s*\n|\n(?=- )", body):
        if any(f"`{value}`" in paragraph for value in CERTAINTY_VALUES):
            assert "report.json" in paragraph or "in files" in paragraph, paragraph[:120]


def test_seedcheck_stays_silent_on_the_guides():
    if not SEEDCHECK.is_file():
        pytest.skip("../shared/tools/seedcheck.py is absent")
    result = subprocess.run([sys.executable, str(SEEDCHECK), str(ROOT)], capture_output=True, text=True,
                            timeout=120)
    flagged = [line for line in result.stdout.splitlines() if "followscope_site/guides/" in line
               or "tests/test_guides.py" in line]
    assert not flagged, "\n".join(flagged)


def test_every_guide_a_finding_can_link_to_exists():
    from followscope_site.analysis.findings import GUIDES as FINDING_GUIDES

    assert FINDING_GUIDES, "the findings engine names its guides"
    for slug in FINDING_GUIDES:
        assert (GUIDES / f"{slug}.md").is_file(), slug


FIGURE_LINE = re.compile(r"^::figure\[(?P<key>[^\]]*)\]$", re.M)

# Where the reader's own figures go: each guide that discusses a figure marks the place (issue #16).
FIGURES_EXPECTED = {
    "follower-balance": {"follow_ratio", "follow_back_rate", "followed_back_rate"},
    "auditing-following": {"oldest_unanswered", "allowlisted", "deactivated"},
    "mutual-followers": {"mutuals", "fans"},
    "history-and-changes": {"lost_followers", "gained_followers"},
    "following-back": {"pending_sent"},
    "reciprocity-etiquette": {"not_following_back"},
    "automation-rules": {"bursts"},
    "engagement-over-counts": {"engagement"},
    "selective-follow-back": {"fans"},
    "growing-mutual-follows": {"fans", "mutuals"},
    "after-a-follow-back": {"gained_followers", "engagement"},
    "follow-back-policy": {"follow_back_rate"},
    "active-and-passive-followers": {"engagement"},
}


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_figure_directives_are_known_and_stand_alone(path: Path):
    from followscope_site.site.guides import FIGURE_KEYS

    _, body = parse(path)
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if "::figure" not in line:
            continue
        match = FIGURE_LINE.match(line)
        assert match, f"{path.name}:{number}: a directive is a line of its own: {line!r}"
        assert match["key"] in FIGURE_KEYS, f"{path.name}: unknown figure {match['key']!r}"
        around = [lines[number - 1] if number else "", lines[number + 1] if number + 1 < len(lines) else ""]
        assert around == ["", ""], f"{path.name}:{number}: a directive is a paragraph of its own"
    keys = {m["key"] for m in FIGURE_LINE.finditer(body)}
    assert FIGURES_EXPECTED.get(path.stem, set()) <= keys, f"{path.name}: lacks {FIGURES_EXPECTED[path.stem] - keys}"


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_the_page_shows_no_directive(path: Path):
    from followscope_site.site.guides import markdown, read_guide

    html = read_guide(path, markdown()).html
    assert "::figure" not in html
    assert not re.search(r"<p>\s*</p>", html)


# Config keys a guide may name, and the section of followscope.yaml each belongs to.
CONFIG_KEYS = {
    "allowlist": "accounts", "ignore": "accounts", "exports": "accounts", "tags": "accounts", "notes": "accounts",
    "label": "accounts", "privacy": "site", "grace_days": "analysis", "burst_per_day": "analysis",
    "following_cap_warning": "analysis", "ratio_low": "analysis", "ratio_high": "analysis",
    "low_follow_back_rate": "analysis", "low_followed_back_rate": "analysis", "high_interaction": "analysis",
}


@pytest.mark.parametrize("path", guide_files(), ids=lambda p: p.stem)
def test_config_keys_in_prose_say_where_they_go(path: Path):
    """A reader who meets `grace_days:` in a sentence learns, in that paragraph, that it is a line of
    followscope.yaml and in which section; YAML examples show it themselves."""
    _, body = parse(path)
    prose = re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)
    for paragraph in re.split(r"\n\s*\n", prose):
        for key in re.findall(r"`([a-z_.]+):?[^`]*`", paragraph):
            name = key.split(".")[-1]
            if name not in CONFIG_KEYS:
                continue
            assert "." not in key, f"{path.name}: {key!r} is a dotted path, not what the file shows"
            assert "config file" in paragraph or "followscope.yaml" in paragraph, \
                f"{path.name}: `{key}` without saying it is in the config file: {paragraph[:120]!r}"
            section = CONFIG_KEYS[name]
            assert f"`{section}:`" in paragraph or (section == "accounts" and "account" in paragraph), \
                f"{path.name}: `{key}` without its section `{section}:`: {paragraph[:120]!r}"
