"""A small html.parser-based reader of generated pages: links, scripts, attributes, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Link:
    tag: str
    attr: str
    url: str
    rel: str


@dataclass
class ParsedPage:
    path: Path
    links: list[Link] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    style_attrs: list[str] = field(default_factory=list)
    event_attrs: list[str] = field(default_factory=list)
    style_elements: int = 0
    head_first: tuple[str, dict[str, str]] | None = None
    metas: list[dict[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_head = False
        self.script_open = False
        self.script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, a))
        if tag == "head":
            self.in_head = True
        elif self.in_head and self.page.head_first is None:
            self.page.head_first = (tag, a)
        if tag == "meta":
            self.page.metas.append(a)
        if "style" in a:
            self.page.style_attrs.append(tag)
        self.page.event_attrs += [k for k in a if k.startswith("on")]
        if "id" in a:
            self.page.ids.append(a["id"])
        if tag == "style":
            self.page.style_elements += 1
        inline_icon = tag == "link" and a.get("rel") == "icon" and a.get("href", "").startswith("data:image/svg+xml,")
        for attr in ("href", "src", "action", "formaction", "poster", "data"):
            if attr in a and not (tag == "object" and attr != "data") and not inline_icon:  # the favicon is no link
                self.page.links.append(Link(tag, attr, a[attr], a.get("rel", "")))
        # a data block (type="application/json": the words a script shows) is never run, CSP or not
        if tag == "script" and a.get("type") != "application/json":
            self.script_open, self.script_text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script_open:
            if self.script_text.strip():
                self.page.inline_scripts.append(self.script_text)
            self.script_open = False

    def handle_data(self, data: str) -> None:
        if self.script_open:
            self.script_text += data
        else:
            self.page.text.append(data)


def parse(path: Path) -> ParsedPage:
    page = ParsedPage(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def resolve(page_path: Path, url: str) -> Path | None:
    """The file an internal link points to (fragment and query dropped), or None for `#x` links."""
    target = urlsplit(url).path
    if not target:
        return None
    resolved = (page_path.parent / unquote(target)).resolve()
    return resolved / "index.html" if resolved.is_dir() else resolved


def crawl(site: Path, start: str = "index.html") -> tuple[dict[Path, ParsedPage], list[str]]:
    """Every HTML page reachable from `start`, and the internal links that lead nowhere."""
    root = site.resolve()
    todo, seen, broken = [root / start], {}, []
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        page = parse(path)
        seen[path] = page
        for link in page.links:
            if is_external(link.url):
                continue
            target = resolve(path, link.url)
            if target is None:
                continue
            if not target.is_file() or not target.is_relative_to(root):
                broken.append(f"{path.relative_to(root)}: {link.url}")
            elif target.suffix == ".html":
                todo.append(target)
    return seen, broken
