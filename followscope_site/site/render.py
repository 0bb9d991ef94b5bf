"""Rendering: one Jinja environment over the template chain, and the site as a stream of OutputFiles.

Loader chain (MkDocs `custom_dir` semantics, conventions.md §5): the user's `site.templates` folder,
then the theme's `templates/` (and its parents' via `extends:`), then the built-in `templates/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from followscope_site import __version__, resources
from followscope_site.analysis.report import AccountReport, Report
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import FollowScopeError
from followscope_site.site import tables as tables_module
from followscope_site.site import worker as worker_module
from followscope_site.site.guides import read_guides
from followscope_site.site.listing import PageRows, chunk_count, download_part, search_chunks
from followscope_site.site.pages import RELATION_CATEGORIES, Page, PageBuilder, SiteSettings, download_name
from followscope_site.site.privacy import pseudonym_key, public_report
from followscope_site.site.report_json import render_report_json
from followscope_site.site.tables import CategoryTables
from followscope_site.site.theme import Theme, load_theme
from followscope_site.site.views import plural
from followscope_site.site.worker import DataWorker, Job, can_fork
from followscope_site.site.writer import OutputFile

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'none'")


def make_environment(template_dirs: list[Path]) -> Environment:
    """autoescape=True for every template (export text is untrusted), StrictUndefined to catch typos."""
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["csp"] = Markup(CSP)  # plain ASCII; kept unescaped so the meta reads as written
    env.filters["count"] = lambda n: f"{n:,}"  # 12,345: numbers are formatted in one place
    env.filters["plural"] = plural  # 1 export, 3 exports
    return env


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


def render_page(env: Environment, page: Page, settings: SiteSettings) -> bytes:
    try:
        html = env.get_template(page.template).render(page=page, data=page.data, site=settings)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or page.template
        raise FollowScopeError(where, f"template error while rendering {page.path}: {exc}",
                               "fix the template, or remove it from your templates folder") from None
    rows = getattr(page.data, "rows", None)
    if isinstance(rows, PageRows) and PageRows.MARKER in html:  # the rows go in once, as bytes
        return rows.html.encode("utf-8").join(piece.encode("utf-8") for piece in html.split(PageRows.MARKER))
    return html.encode("utf-8")


def _sitemap(urls: list[str]) -> bytes:
    body = "".join(f"  <url><loc>{xml_escape(u)}</loc></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n").encode()


def category_files(builder: PageBuilder, tables: CategoryTables, account: AccountReport, key: str,
                   reuse: bool = False) -> Iterator[OutputFile]:
    """The search data chunks and the downloads (in parts of DOWNLOAD_PART_ROWS) of one category.

    reuse=True: none of these depend on templates, so after a template edit they are the last build's files.
    """
    folder = builder.dirs[account.id]
    rows = tables.rows(account, key)
    count = tables_module.part_count(len(rows))
    if reuse:
        for i in range(chunk_count(len(rows))):
            yield OutputFile(f"{folder}/{key}/index-data-{i}.js", b"", reuse=True)
        for n in range(1, count + 1):
            name = download_name(key, n, count)
            yield OutputFile(f"{folder}/{key}/{name}.csv", b"", reuse=True)
            yield OutputFile(f"{folder}/{key}/{name}.json", b"", reuse=True)
        return
    yield from search_files(builder, tables, account, key)
    yield from download_files(builder, tables, account, key, range(1, count + 1))


def download_files(builder: PageBuilder, tables: CategoryTables, account: AccountReport, key: str,
                   numbers: range, json: bool = True, csv: bool = True) -> Iterator[OutputFile]:
    """The download parts `numbers` of one category, CSV and JSON (or one of them). Each JSON part, less its
    final newline, is what report.json embeds: it is added to tables.encoded (report_json), in order."""
    folder = builder.dirs[account.id]
    rows = tables.rows(account, key)
    size = tables_module.DOWNLOAD_PART_ROWS
    count = tables_module.part_count(len(rows))
    encoded = tables.encoded.setdefault((account.id, key), [])
    for n in numbers:
        name = download_name(key, n, count)
        part_json, part_csv = download_part(rows[(n - 1) * size:n * size], json=json, csv=csv)
        if csv:
            yield OutputFile(f"{folder}/{key}/{name}.csv", part_csv)
        del part_csv
        if json:
            encoded.append(memoryview(part_json)[:-1])
            yield OutputFile(f"{folder}/{key}/{name}.json", part_json)


def parent_csv_parts(count: int) -> range:
    """The CSV parts the parent makes of a big category of `count` parts; the data worker makes the rest and
    every JSON part (it writes report.json, which embeds them). The parent also renders the pages and the
    search data: at 1M followers (4 parts) two CSV parts even the two processes out (docs/performance.md)."""
    return range(count - count // 2 + 1, count + 1)


def search_files(builder: PageBuilder, tables: CategoryTables, account: AccountReport, key: str
                 ) -> Iterator[OutputFile]:
    """The search data chunks of one category."""
    folder = builder.dirs[account.id]
    rows = tables.rows(account, key)
    for i, chunk in enumerate(search_chunks(rows, key in RELATION_CATEGORIES, builder.url_prefix(account) or None)):
        yield OutputFile(f"{folder}/{key}/index-data-{i}.js", chunk)


def render_site(report: Report, loaded: LoadedConfig, *, guides_folder: Path | None = None,
                tables: CategoryTables | None = None, reuse_data: bool = False,
                on_stage: Callable[[str], None] | None = None,
                scratch: Callable[[], Path] | None = None) -> Iterator[OutputFile]:
    """Every file of the site, one at a time (pages of big categories are never all in memory).

    `tables` (watch): a CategoryTables(keep=True) shared with the previous build of the same report;
    reuse_data=True then yields the downloads, search data and report.json as reused files (writer.OutputFile).
    `scratch` (SiteWriter.scratch_folder): where the data worker may leave its files for the writer to move
    into place (OutputFile.source); without it, every file comes with its bytes.
    """
    site = loaded.config.site
    if site.privacy == "public":
        # before anything is built: pages and report.json alike; keyed by a secret beside the config
        report = public_report(report, pseudonym_key(loaded.base_dir))
    theme = load_theme(site.theme)
    env = make_environment(template_dirs(loaded, theme))
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
        version=__version__, generated_at=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
    )
    for asset in assets.values():
        yield OutputFile(asset.path, asset.data)
    if tables is None:
        tables = CategoryTables()
    guides = read_guides(guides_folder or resources.guides_dir())
    builder = PageBuilder(report, settings, guides, tables)
    canonical: list[str] = []
    worker = _data_worker(report, builder, reuse_data, scratch)
    try:
        yield from _site_files(report, builder, tables, env, settings, canonical, worker, reuse_data, on_stage)
    finally:
        if worker is not None:
            worker.close()


def _data_worker(report: Report, builder: PageBuilder, reuse_data: bool,
                 scratch: Callable[[], Path] | None) -> DataWorker | None:
    """A forked process for the downloads of the big categories and report.json (site/worker.py), or None."""
    if reuse_data or not can_fork():
        return None
    big = [(a, k) for a in report.accounts for k, handles in a.categories.items()
           if len(handles) >= worker_module.FORK_MIN_ROWS]
    if not big:
        return None
    for account, key in big:
        builder.tables.rows(account, key)  # computed once, before the fork: both processes read them
    accounts = {a.id: a for a in report.accounts}

    def render(tables: CategoryTables, job: Job) -> Iterator[OutputFile]:
        if job == ("report.json",):  # every big category's JSON is here; the others are made again, small
            yield OutputFile("report.json", render_report_json(report, tables))
            return
        _, account_id, key = job
        account = accounts[account_id]
        count = tables_module.part_count(len(tables.rows(account, key)))
        parent = parent_csv_parts(count)
        yield from download_files(builder, tables, account, key, range(1, count + 1), csv=False)
        yield from download_files(builder, tables, account, key, range(1, parent.start), json=False)
        tables.release_rows(account, key)

    jobs: list[Job] = [("downloads", a.id, k) for a, k in big] + [("report.json",)]
    return DataWorker(jobs, render, builder.tables, scratch() if scratch is not None else None)


def _site_files(report: Report, builder: PageBuilder, tables: CategoryTables, env: Environment,
                settings: SiteSettings, canonical: list[str], worker: DataWorker | None, reuse_data: bool,
                on_stage: Callable[[str], None] | None) -> Iterator[OutputFile]:

    def html(pages: Iterator[Page]) -> Iterator[OutputFile]:
        for page in pages:
            yield OutputFile(page.path, render_page(env, page, settings))
            if page.canonical:
                canonical.append(page.canonical)

    yield from html(builder.pages_before_categories())
    for account in report.accounts:
        for key in account.categories:
            yield from html(map(builder.finish, builder.category_pages(account, key)))
            if worker is not None and ("downloads", account.id, key) in worker.jobs:
                # The child makes the JSON and most CSV parts; the parent the pages, the search data and the
                # last CSV parts, while the child works.
                yield from search_files(builder, tables, account, key)
                count = tables_module.part_count(len(account.categories[key]))
                yield from download_files(builder, tables, account, key, parent_csv_parts(count), json=False)
                yield from worker.take(("downloads", account.id, key))
            else:
                yield from category_files(builder, tables, account, key, reuse_data)
            tables.release_rows(account, key)  # report.json needs only the encoded rows from here on
    yield from html(builder.pages_after_categories())
    if on_stage is not None:
        on_stage("report.json")
    if worker is not None:
        yield from worker.take(("report.json",))
    else:
        yield OutputFile("report.json", b"", reuse=True) if reuse_data else OutputFile(
            "report.json", render_report_json(report, tables))
    yield OutputFile(".nojekyll", b"")
    if settings.site_url:
        yield OutputFile("sitemap.xml", _sitemap(canonical))
