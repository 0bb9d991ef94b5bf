"""`::figure[KEY]` paragraphs in guides: left out of the page until the reader's own figures can fill them."""

from __future__ import annotations

from pathlib import Path

import pytest

from followscope_site.site.guides import FIGURE_KEYS, markdown, read_guide

BRIEF_KEYS = {
    "follow_ratio", "follow_back_rate", "followed_back_rate", "mutuals", "fans", "not_following_back",
    "oldest_unanswered", "lost_followers", "gained_followers", "pending_sent", "allowlisted", "deactivated",
    "engagement", "bursts",
}


def test_the_known_keys_are_the_agreed_ones() -> None:
    assert FIGURE_KEYS == BRIEF_KEYS


@pytest.mark.parametrize("key", sorted(BRIEF_KEYS))
def test_a_directive_paragraph_renders_to_nothing(key: str) -> None:
    html = markdown().render(f"Before.\n\n::figure[{key}]\n\nAfter.\n")
    assert html == "<p>Before.</p>\n<p>After.</p>\n"


def test_directives_inside_a_list_item_and_at_the_ends_are_dropped() -> None:
    html = markdown().render("::figure[fans]\n\n- one\n\n  ::figure[mutuals]\n\n- two\n\n::figure[bursts]\n")
    assert "::figure" not in html and "<li>" in html and "one" in html and "two" in html


@pytest.mark.parametrize("text", [
    "Your ::figure[fans] inline.",  # not alone in its paragraph
    "::figure[fans] and more",
    "::figure[fans]\ncontinues on the next line",
    "::figure[no_such_key]",  # a typo stays visible rather than vanishing
    "`::figure[fans]`",  # code shows the syntax
])
def test_anything_else_stays_text(text: str) -> None:
    html = markdown().render(text + "\n")
    assert "::figure[" in html


def test_a_fenced_example_of_the_syntax_stays() -> None:
    html = markdown().render("```\n::figure[fans]\n```\n")
    assert "<code>::figure[fans]\n</code>" in html


def test_a_guide_file_renders_without_its_directives(tmp_path: Path) -> None:
    path = tmp_path / "ratio.md"
    path.write_text("---\ntitle: Ratio\nsummary: s\norder: 1\ndraws_on: x\n---\n\n## Your ratio\n\n"
                    "Followers divided by following.\n\n::figure[follow_ratio]\n\nRead it as background.\n",
                    encoding="utf-8")
    guide = read_guide(path, markdown())
    assert "::figure" not in guide.html and "follow_ratio" not in guide.html
    assert "<p>Followers divided by following.</p>\n<p>Read it as background.</p>" in guide.html
