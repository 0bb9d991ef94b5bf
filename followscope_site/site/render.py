"""Rendering: one Jinja environment over the template chain, and the site as a stream of OutputFiles.

Loader chain (MkDocs `custom_dir` semantics, conventions.md §5): the user's `site.templates` folder,
then the theme's `templates/` (and its parents' via `extends:`), then the built-in `templates/`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)
from markupsafe import Markup

from followscope_site import __version__, resources
from followscope_site.analysis.report import Report
from followscope_site.cache import CACHE_DIR_NAME
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import FollowScopeError
from followscope_site.i18n import SOURCE_LANGUAGE, language, translations
from followscope_site.site import locale
from followscope_site.site.guides import read_guides
from followscope_site.site.isolate import isolate_dates
from followscope_site.site.languages import LanguageLink, folder_of, in_folder, language_links
from followscope_site.site.listdata import encode_list
from followscope_site.site.lists import site_lists
from followscope_site.site.pages import Page, SiteModel, SiteSettings, build_model, site_pages
from followscope_site.site.pages.feed import feed_data
from followscope_site.site.pages.numbers import number_value, plural, ratio_text
from followscope_site.site.privacy import pseudonym_key, public_report
from followscope_site.site.report_json import DEFAULT_LIMITS, DataLimits, ReportFiles
from followscope_site.site.theme import Theme, load_theme
from followscope_site.site.writer import OutputFile

# Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF): an export's text may hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'none'")


def make_environment(template_dirs: list[Path], cache_dir: Path | None = None,
                     lang: str = SOURCE_LANGUAGE) -> Environment:
    """autoescape=True for every template (export text is untrusted), StrictUndefined to catch typos.

    cache_dir: where compiled templates are kept between builds (Jinja checks each against its source), so
    a build does not compile every template again. lang: the language of the pages, whose catalog fills
    `_()`/`{% trans %}` and whose CLDR formats the number and date filters use.
    """
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs])
    bytecode = None
    if cache_dir is not None:
        with contextlib.suppress(OSError):
            cache_dir.mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(cache_dir))
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=bytecode,
                      extensions=["jinja2.ext.i18n"])
    # Every word a reader sees goes through gettext ({{ _("…") }}, {% trans %}); see followscope_site/i18n.
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["csp"] = Markup(CSP)  # plain ASCII; kept unescaped so the meta reads as written
    env.globals["lang"] = lang  # <html lang dir>; list.js formats with Intl for the same tag
    env.globals["dir"] = language(lang).direction
    # Numbers and dates are formatted in one place, for the page's language (site/locale.py)
    env.filters["count"] = lambda n: locale.decimal(n, lang)  # 12,345 (en), 12.345 (de)
    env.filters["percent"] = lambda v: "–" if v is None else locale.percent(v, lang)  # 0.298 -> 29.8% (en), 29,8 % (fr)
    env.filters["date"] = lambda d: locale.date(d, lang)  # 2025-12-10 -> Dec 10, 2025 (en), 10.12.2025 (de)
    env.filters["dates"] = isolate_dates  # "Lost followers, 2025-09-01 to …": each date a <time dir="ltr">
    env.filters["plural"] = _in_language(plural, lang)  # 1 export, 3 exports
    env.filters["number"] = number_value  # 1,234 or 762.5; "–" when unknown
    env.filters["ratio"] = ratio_text  # 11.449 -> 11.45
    env.filters["xml"] = lambda text: _NOT_XML.sub("\ufffd", str(text))  # feed.xml: text XML can hold
    return env


def _in_language(function: Callable[..., str], lang: str) -> Callable[..., str]:
    def call(*args: object, **kwargs: object) -> str:
        with locale.use_language(lang):
            return function(*args, **kwargs)
    return call


def template_dirs(loaded: LoadedConfig, theme: Theme) -> list[Path]:
    dirs: list[Path] = []
    custom = loaded.config.site.templates
    if custom is not None:
        folder = loaded.resolve(custom)
        if not folder.is_dir():
            raise FollowScopeError(loaded.display(custom), "site.templates is not a folder",
                                   "create it or remove `site.templates` from the config")
        dirs.append(folder)
    dirs += theme.template_dirs
    dirs.append(resources.templates_dir())
    return dirs


def _site_url(value: str | None) -> str | None:
    if not value:
        return None
    return value if value.endswith("/") else value + "/"


def render_page(env: Environment, page: Page, settings: SiteSettings,
                languages: Sequence[LanguageLink] = (), home: str | None = None) -> bytes:
    """One page. page.root leads to the site root (assets, data files, report.json); `home` to the root of
    the page's language (its other pages), the same unless the site has several languages."""
    home = page.root if home is None else home
    try:
        html = env.get_template(page.template).render(page=page, data=page.data, site=settings,
                                                      languages=languages, home=home)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or page.template
        raise FollowScopeError(where, f"template error while rendering {page.path}: {exc}",
                               "fix the template, or remove it from your templates folder") from None
    return html.encode("utf-8")


def _sitemap(urls: list[str]) -> bytes:
    body = "".join(f"  <url><loc>{xml_escape(u)}</loc></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n").encode()


@dataclass(slots=True)
class SiteData:
    """The data side of a build: the site model in each language of the site, and the data files (made as
    they are consumed, shared by every language)."""

    models: dict[str, SiteModel]
    files: Iterator[OutputFile]
    warnings: list[str]


def site_data(report: Report, loaded: LoadedConfig, *, limits: DataLimits = DEFAULT_LIMITS,
              on_stage: Callable[[str], None] | None = None) -> SiteData:
    """The site model and the data files of a report: each list is made once (site/lists.py) and read by
    its page, its data files and report.json. The warnings returned are the owner's, for the terminal: in
    public mode the site's own copies quote no raw values (privacy.public_warning)."""
    warnings = list(report.warnings)
    if loaded.config.site.privacy == "public":
        # before anything is built: pages and report.json alike; keyed by a secret beside the config
        report = public_report(report, pseudonym_key(loaded.base_dir))
    lists = site_lists(report)
    models = {}
    for code in loaded.config.site.site_languages:
        # the model holds its words and numbers as text: one per language (cheap next to the data files)
        with locale.use_language(code):
            models[code] = build_model(report, lists, page_size=loaded.config.site.page_size,
                                       rows_per_file=limits.list_rows)

    def files() -> Iterator[OutputFile]:
        out = ReportFiles(report, limits)
        for lst in lists:
            for piece in encode_list(lst, limits.list_rows):
                yield OutputFile(f"{lst.folder}/{piece.name}", piece.script)
                for path, data in out.add(lst, piece.number, piece.rows):
                    yield OutputFile(path, data)
        if on_stage is not None:
            on_stage("report.json")
        for path, data in out.finish():
            yield OutputFile(path, data)

    return SiteData(models, files(), warnings)


def page_files(models: dict[str, SiteModel], loaded: LoadedConfig, *, guides_folder: Path | None = None
               ) -> Iterator[OutputFile]:
    """The theme's assets, every page of the model in each language, .nojekyll and (with site.site_url)
    sitemap.xml. The default language is at the root, any other in a folder of its code (site/languages.py)."""
    site = loaded.config.site
    codes = site.site_languages
    model = models[codes[0]]
    theme = load_theme(site.theme)
    dirs, cache = template_dirs(loaded, theme), loaded.base_dir / CACHE_DIR_NAME / "templates"
    assets = theme.assets()
    missing = [n for n in theme.stylesheets + theme.scripts if n not in assets]
    if missing:
        raise FollowScopeError(f"themes/{theme.name}/theme.yaml", f"names missing static files: {missing}",
                               "add them under static/ or fix the theme.yaml")
    settings = SiteSettings(
        title=site.title, privacy=site.privacy, site_url=_site_url(site.site_url), page_size=site.page_size,
        stylesheets=[assets[n].path for n in theme.stylesheets],
        scripts=[assets[n].path for n in theme.scripts],
        list_script=assets["list.js"].path if "list.js" in assets else None,
        version=__version__, generated_at=model.generated_at,
        search_script=assets["search.js"].path if "search.js" in assets else None,
    )
    for asset in assets.values():
        yield OutputFile(asset.path, asset.data)
    canonical: list[str] = []
    for code in codes:
        model = models[code]
        env = make_environment(dirs, cache, code)
        folder = folder_of(code, codes)
        # Translations belong to the bundled guides; a folder of other guides (tests) stays as it is.
        translated = None if guides_folder else resources.locale_dir() / code / "guides"
        guides = read_guides(guides_folder or resources.guides_dir(), translated)
        local = dataclasses.replace(settings, generated_at=_build_time(model.generated_at, code))
        with locale.use_language(code):
            for page in site_pages(model, local, guides):
                if folder and page.path == "404.html":
                    continue  # the host serves the root's 404 page for every folder
                links = language_links(page.path, code, codes)
                page = in_folder(page, folder, local.site_url)
                yield OutputFile(page.path, render_page(env, page, local, links, page.root + folder))
                if page.canonical:
                    canonical.append(page.canonical)
    # One feed at the root, in the site's first language: a reader subscribes once.
    model = models[codes[0]]
    with locale.use_language(codes[0]):
        env = make_environment(dirs, cache, codes[0])
        feed = Page("feed.xml", "feed.xml", "", "", feed_data(model, settings.site_url))
        yield OutputFile("feed.xml", render_page(env, feed, settings))
    yield OutputFile(".nojekyll", b"")
    if settings.site_url:
        yield OutputFile("sitemap.xml", _sitemap(canonical))


def _build_time(text: str, lang: str) -> str:
    """The model's build time ('2026-11-22 10:00 UTC') as the page's language writes it."""
    try:
        when = datetime.strptime(text, "%Y-%m-%d %H:%M UTC")
    except ValueError:
        return text
    return locale.datetime(when, lang)


def render_site(report: Report, loaded: LoadedConfig, *, guides_folder: Path | None = None,
                limits: DataLimits = DEFAULT_LIMITS, on_stage: Callable[[str], None] | None = None
                ) -> Iterator[OutputFile]:
    """Every file of the site, one at a time: assets, pages, then each list's data files and report.json."""
    data = site_data(report, loaded, limits=limits, on_stage=on_stage)
    yield from page_files(data.models, loaded, guides_folder=guides_folder)
    yield from data.files
