"""The guides: markdown files with YAML front matter, rendered with raw HTML off and only safe links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from followscope_site.errors import FollowScopeError

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)

# A paragraph that is only `::figure[KEY]` marks where the reader's own figure of that kind belongs.
FIGURE_KEYS = frozenset({
    "follow_ratio", "follow_back_rate", "followed_back_rate", "mutuals", "fans", "not_following_back",
    "oldest_unanswered", "lost_followers", "gained_followers", "pending_sent", "allowlisted", "deactivated",
    "engagement", "bursts",
})
FIGURE_DIRECTIVE = re.compile(r"\A::figure\[([a-z_]+)\]\Z")


def safe_link(url: str) -> bool:
    """Relative links, `#fragments` and https only (perf-security-browser.md §2.2, §2.6).

    Control characters and whitespace are stripped first, as browsers do inside a scheme.
    """
    text = re.sub(r"[\x00-\x20\x7f]", "", url)
    if text.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # protocol-relative: leaves the site
    match = _SCHEME.match(text)
    return match is None or match.group(1).lower() == "https"


def _rewrite_links(state: StateCore) -> None:
    """Links to sibling guides may say `other.md`; the site has `other.html`. Images must be local."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith("https:"):
                    child.attrSet("rel", "noopener noreferrer")
                elif not _SCHEME.match(href):
                    path, sep, frag = href.partition("#")
                    if path.endswith(".md"):
                        child.attrSet("href", path[:-3] + ".html" + sep + frag)
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                if _SCHEME.match(src) or src.startswith("//"):
                    child.attrSet("src", "")  # no request may leave the site


# What a `::figure[KEY]` paragraph becomes in the rendered HTML, until split_figures() cuts the HTML there. It
# starts with NUL, which markdown-it replaces in every source text (U+FFFD), so no guide text can forge it.
_FIGURE_MARK = "\x00figure:{}\x00"
_FIGURE_SPLIT = re.compile("\x00figure:([a-z_]+)\x00\n?")


def _mark_figures(state: StateCore) -> None:
    """Replace each paragraph that is only a `::figure[KEY]` directive with a mark the page fills in.

    The text around a directive reads on its own, so a mark with no figure behind it is simply left out.
    An unknown KEY stays visible as text, so a typo shows on the page instead of vanishing.
    """
    tokens = state.tokens
    kept: list[Token] = []
    i = 0
    while i < len(tokens):
        if (tokens[i].type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 2].type == "paragraph_close"
                and (match := FIGURE_DIRECTIVE.match(tokens[i + 1].content.strip()))
                and match.group(1) in FIGURE_KEYS):
            mark = Token("html_block", "", 0)
            mark.content = _FIGURE_MARK.format(match.group(1))
            kept.append(mark)
            i += 3
            continue
        kept.append(tokens[i])
        i += 1
    state.tokens = kept


@dataclass(slots=True)
class GuidePart:
    """A run of a guide's HTML, or (html empty) the place of the reader's own figure of one kind."""

    html: Markup
    figure: str | None = None


def split_figures(html: str) -> list[GuidePart]:
    """Rendered guide HTML cut at its figure marks: text, figure, text…"""
    pieces = _FIGURE_SPLIT.split(html)
    parts = []
    for i, piece in enumerate(pieces):
        if i % 2:
            parts.append(GuidePart(Markup(""), piece))
        elif piece:
            parts.append(GuidePart(Markup(piece)))
    return parts


# The title of an English article a guide draws on, as it appears inside a guide's text in any language.
_SOURCE_TITLE = '<span lang="en" dir="ltr">{}</span>'


def _mark_source_titles(state: StateCore) -> None:
    """Mark the titles of the articles a guide draws on (its `draws_on`) as English in the rendered text.

    The titles are names of English articles and stay English in every translation: marked, a screen reader
    reads them as English and a right-to-left page keeps each one in order. A title must sit on one line.
    """
    titles = sorted({str(t) for t in state.env.get("source_titles", ()) if t}, key=len, reverse=True)
    if not titles:
        return
    pattern = re.compile("|".join(re.escape(t) for t in titles))
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            if child.type != "text" or not pattern.search(child.content):
                children.append(child)
                continue
            start = 0
            for match in pattern.finditer(child.content):
                if match.start() > start:
                    children.append(Token("text", "", 0, content=child.content[start:match.start()]))
                children.append(Token("html_inline", "", 0, content=_SOURCE_TITLE.format(escape(match.group()))))
                start = match.end()
            if start < len(child.content):
                children.append(Token("text", "", 0, content=child.content[start:]))
        token.children = children


def _code_reads_left_to_right(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType,
) -> str:
    """A code block keeps its left-to-right order on a right-to-left page: YAML indentation and `key: value`
    lines read as the file does, and a translated comment still follows its `#`."""
    render = RendererHTML.fence if tokens[idx].type == "fence" else RendererHTML.code_block
    html = render(renderer, tokens, idx, options, env)
    return '<pre dir="ltr"' + html.removeprefix("<pre") if html.startswith("<pre") else html


def _code_inline(renderer: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    """Inline code with a line-break chance after each underscore: a long name (followed_back_rate) fits a
    phone's table cell by breaking there, so the theme never has to break words mid-way."""
    token = tokens[idx]
    return "<code>" + escapeHtml(token.content).replace("_", "_<wbr>") + "</code>"


def markdown() -> MarkdownIt:
    md = MarkdownIt("js-default")  # raw HTML off (markdown-it-py enables it by default)
    md.add_render_rule("code_inline", _code_inline)
    md.validateLink = safe_link
    md.core.ruler.after("block", "followscope_figures", _mark_figures)
    md.core.ruler.push("followscope_links", _rewrite_links)
    md.core.ruler.push("followscope_source_titles", _mark_source_titles)
    md.add_render_rule("fence", _code_reads_left_to_right)
    md.add_render_rule("code_block", _code_reads_left_to_right)
    return md


@dataclass(slots=True)
class Guide:
    """One guide page: its slug (file name), front matter and rendered body."""

    slug: str
    title: str
    summary: str
    order: int
    draws_on: list[str]  # titles of the outside articles it draws on; its closing section names them
    html: Markup  # the body without its figures
    meta: dict[str, object] = field(default_factory=dict)
    parts: list[GuidePart] = field(default_factory=list)  # the body cut where the reader's figures go


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def read_guide(path: Path, md: MarkdownIt) -> Guide:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, object] = {}
    match = _FRONT.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise FollowScopeError(path, f"bad front matter ({exc})", "fix the YAML between the --- lines") from None
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[match.end():]
    order = meta.get("order", 100)
    draws_on = _as_list(meta.get("draws_on"))
    parts = split_figures(md.render(text, {"source_titles": draws_on}))
    return Guide(
        slug=path.stem,
        title=str(meta.get("title") or path.stem.replace("-", " ").capitalize()),
        summary=str(meta.get("summary") or ""),
        order=order if isinstance(order, int) else 100,
        draws_on=draws_on,
        html=Markup("".join(p.html for p in parts)),
        meta=meta,
        parts=parts,
    )


def read_guides(folder: Path, translated: Path | None = None) -> list[Guide]:
    """Every `*.md` in the folder, in front-matter order, then by slug.

    translated: a language's guides folder (locale/<code>/guides/); a guide found there under the same file
    name replaces the English one, and any other stays English. A missing translation is not a build error:
    tests/test_guide_translations.py reports it.
    """
    if not folder.is_dir():
        return []
    md = markdown()
    guides = []
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        local = translated / path.name if translated is not None else None
        guides.append(read_guide(local if local is not None and local.is_file() else path, md))
    return sorted(guides, key=lambda g: (g.order, g.slug))
