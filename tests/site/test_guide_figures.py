"""`::figure[KEY]` paragraphs in guides: the reader's own figures, per account, with a link to the matching view."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from sitekit import loaded_config, render_to, small_report

from followscope_site.analysis.report import Report
from followscope_site.site.guides import FIGURE_KEYS, markdown, read_guide, split_figures


def _render(text: str) -> list[tuple[str, str | None]]:
    return [(str(p.html), p.figure) for p in split_figures(markdown().render(text))]

BRIEF_KEYS = {
    "follow_ratio", "follow_back_rate", "followed_back_rate", "mutuals", "fans", "not_following_back",
    "oldest_unanswered", "lost_followers", "gained_followers", "pending_sent", "allowlisted", "deactivated",
    "engagement", "bursts",
}


def test_the_known_keys_are_the_agreed_ones() -> None:
    assert FIGURE_KEYS == BRIEF_KEYS


@pytest.mark.parametrize("key", sorted(BRIEF_KEYS))
def test_a_directive_paragraph_becomes_the_place_of_a_figure(key: str) -> None:
    assert _render(f"Before.\n\n::figure[{key}]\n\nAfter.\n") == [
        ("<p>Before.</p>\n", None), ("", key), ("<p>After.</p>\n", None)]


def test_directives_inside_a_list_item_and_at_the_ends_are_places_too() -> None:
    parts = _render("::figure[fans]\n\n- one\n\n  ::figure[mutuals]\n\n- two\n\n::figure[bursts]\n")
    assert [f for _, f in parts if f] == ["fans", "mutuals", "bursts"]
    html = "".join(h for h, _ in parts)
    assert "::figure" not in html and "<li>" in html and "one" in html and "two" in html


def test_guide_text_cannot_forge_a_figure_place() -> None:
    """The mark starts with NUL, which markdown-it replaces in every source text."""
    parts = _render("Text \x00figure:fans\x00 here.\n")
    assert [f for _, f in parts] == [None]


@pytest.mark.parametrize("text", [
    "Your ::figure[fans] inline.",  # not alone in its paragraph
    "::figure[fans] and more",
    "::figure[fans]\ncontinues on the next line",
    "::figure[no_such_key]",  # a typo stays visible rather than vanishing
    "`::figure[fans]`",  # code shows the syntax
])
def test_anything_else_stays_text(text: str) -> None:
    parts = _render(text + "\n")
    assert [f for _, f in parts] == [None] and "::figure[" in parts[0][0]


def test_a_fenced_example_of_the_syntax_stays() -> None:
    parts = _render("```\n::figure[fans]\n```\n")
    assert [f for _, f in parts] == [None] and "<code>::figure[fans]\n</code>" in parts[0][0]


def test_a_guide_file_keeps_its_text_and_the_place_of_its_figure(tmp_path: Path) -> None:
    path = tmp_path / "ratio.md"
    path.write_text("---\ntitle: Ratio\nsummary: s\norder: 1\ndraws_on: x\n---\n\n## Your ratio\n\n"
                    "Followers divided by following.\n\n::figure[follow_ratio]\n\nRead it as background.\n",
                    encoding="utf-8")
    guide = read_guide(path, markdown())
    assert "::figure" not in guide.html and "follow_ratio" not in guide.html
    assert "<p>Followers divided by following.</p>\n<p>Read it as background.</p>" in guide.html
    assert [p.figure for p in guide.parts] == [None, "follow_ratio", None]


def _guide_site(tmp_path: Path, report: Report) -> Path:
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "follower-balance.md").write_text(
        "---\ntitle: Balance\norder: 1\n---\n\nYour ratio:\n\n::figure[follow_ratio]\n\nYour oldest:\n\n"
        "::figure[oldest_unanswered]\n\nNew ones:\n\n::figure[gained_followers]\n\n::figure[engagement]\n\nEnd.\n",
        encoding="utf-8")
    return render_to(tmp_path / "site", report, loaded_config(tmp_path), guides)


def test_the_guide_shows_each_accounts_own_figures_with_a_link_to_the_view(tmp_path: Path) -> None:
    report = small_report()
    second = copy.deepcopy(report.accounts[0])
    second.id, second.platform = "threads:alice", "threads"
    second.changes = []
    report.accounts.append(second)
    html = (_guide_site(tmp_path, report) / "guides" / "follower-balance.html").read_text(encoding="utf-8")
    figures = re.findall(r'<div class="your-figure figure-(\w+)">(.*?)</div>', html, re.S)
    by_key = dict(figures)
    assert set(by_key) == {"follow_ratio", "oldest_unanswered", "gained_followers"}  # no engagement data: none
    ratio = by_key["follow_ratio"]
    assert "@alice on Instagram" in ratio and "@alice on Threads" in ratio  # every account, named
    assert f"{report.accounts[0].metrics['follow_ratio']:.2f}" in ratio
    assert 'href="../accounts/instagram-alice/not_following_back/index.html?sort=followed_at"' in \
        by_key["oldest_unanswered"]
    gained = by_key["gained_followers"]  # only the account with two exports has changes
    assert "@alice on Instagram" in gained and "Threads" not in gained and "2025-09-01" in gained
    assert 'href="../accounts/instagram-alice/changes/2025-09-01_2025-12-10/gained_followers/index.html"' in gained
    assert html.index("Your ratio:") < html.index("figure-follow_ratio") < html.index("Your oldest:")


def test_a_figure_no_account_has_leaves_only_the_text(tmp_path: Path) -> None:
    html = (_guide_site(tmp_path, small_report()) / "guides" / "follower-balance.html").read_text(encoding="utf-8")
    assert "figure-engagement" not in html and "::figure" not in html and "<p>End.</p>" in html
