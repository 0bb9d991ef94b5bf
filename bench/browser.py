"""Browser timings on a built benchmark site: first page of the biggest category, a search over all of it.

    .venv/bin/python bench/browser.py [--size 1m] [--category fans] [--repeat 3] [--site DIR]

Run bench/run.py (or a build of bench/out/<size>/followscope.yaml into bench/out/<size>/site) first. Uses
Debian's chromium through Playwright (never a downloaded browser), opens pages from file:// as a user would
open the built site, and times inside the page: `load` from the Navigation Timing entry, and a search from
the input event to the moment the results status says how many accounts match (MutationObserver), once
cold (the first query also loads every search data chunk) and then warm. Target: < 200 ms; pages < 2 MB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import OUT, handle, parse_size, size_label  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PAGE_LIMIT = 2 * 1024 * 1024
TARGET_MS = 200

# Selectors of the category page's search UI (templates/category.html, themes/default/static/list.js).
SEARCH_INPUT = "#list-search"
SEARCH_STATUS = "form.list-tools .search-status"
RESULT_ROWS = ".search-results tbody tr"
STATIC_ROWS = ".static-list tbody tr"
DONE_WORD = "accounts match"  # "N of M accounts match (X ms)." once all data is searched (not "so far")

# Sets the query as typing would (an input event), resolves with ms until the status announces the results.
TIME_SEARCH_JS = """
async ([inputSel, statusSel, query, doneWord]) => {
  const input = document.querySelector(inputSel);
  const status = document.querySelector(statusSel);
  status.textContent = "";
  const started = performance.now();
  const done = new Promise((resolve) => {
    const check = () => status.textContent.includes(doneWord);
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(status, {childList: true, characterData: true, subtree: true});
  });
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  const ms = await done;
  return {ms, status: status.textContent, heap: performance.memory ? performance.memory.usedJSHeapSize : null};
}
"""


def page_sizes(site: Path) -> dict[str, object]:
    """Largest HTML page and script, and every page or script over 2 MB (downloads are not pages)."""
    pages = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".css")]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    html = [p for p in pages if p.suffix == ".html"]
    biggest_html = max(html, key=lambda p: p.stat().st_size)
    over = [str(p.relative_to(site)) for p in pages if p.stat().st_size > PAGE_LIMIT]
    return {"pages": len(pages), "largest": str(biggest.relative_to(site)), "largest_kb": biggest.stat().st_size / 1024,
            "largest_html": str(biggest_html.relative_to(site)), "largest_html_kb": biggest_html.stat().st_size / 1024,
            "over_2mb": over}


def category_page(site: Path, category: str) -> Path:
    found = sorted(site.glob(f"accounts/*/{category}/index.html"))
    if not found:
        raise SystemExit(f"bench: no accounts/*/{category}/index.html under {site}; build the site first")
    return found[0]


def measure(page_path: Path, queries: list[str], repeat: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    loads: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    statuses: list[str] = []
    heap = None
    rows = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                context = browser.new_context()
                page = context.new_page()
                page.goto(page_path.as_uri(), wait_until="load")
                nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                loads.append(nav["loadEventEnd"] - nav["startTime"])
                rows = page.locator(STATIC_ROWS).count()
                page.wait_for_selector(SEARCH_INPUT, state="visible")
                first = page.evaluate(TIME_SEARCH_JS, [SEARCH_INPUT, SEARCH_STATUS, queries[0], DONE_WORD])
                cold.append(first["ms"])
                statuses.append(first["status"])
                if not page.locator(RESULT_ROWS).count():
                    raise SystemExit(f"bench: the search for {queries[0]!r} showed no result rows")
                for query in queries[1:]:
                    result = page.evaluate(TIME_SEARCH_JS, [SEARCH_INPUT, SEARCH_STATUS, query, DONE_WORD])
                    warm.append(result["ms"])
                    statuses.append(result["status"])
                    heap = result["heap"]
                context.close()
        finally:
            browser.close()
    return {"load_ms": statistics.median(loads), "static_rows": rows, "first_search_ms": statistics.median(cold),
            "search_ms": statistics.median(warm), "search_ms_max": max(warm), "statuses": statuses[:len(queries)],
            "js_heap_mb": heap / 1e6 if heap else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--site", type=Path, default=None, help="default: bench/out/<size>/site")
    parser.add_argument("--category", default="fans")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", default="anna,@" + handle(777) + ",99999,studio,zzz",
                        help="first one is timed cold (loads the data); the rest warm")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    site = args.site or OUT / size_label(parse_size(args.size)) / "site"
    page_path = category_page(site, args.category)
    figures = {"page": str(page_path.relative_to(site)), **page_sizes(site),
               **measure(page_path, args.queries.split(","), args.repeat)}
    print(json.dumps(figures, indent=1))
    ok_search = figures["search_ms"] < TARGET_MS
    print(f"first page load: {figures['load_ms']:.0f} ms ({figures['static_rows']} rows); "
          f"search: {figures['search_ms']:.0f} ms warm (max {figures['search_ms_max']:.0f}), "
          f"{figures['first_search_ms']:.0f} ms cold incl. loading the data; target < {TARGET_MS} ms "
          f"{'PASS' if ok_search else 'FAIL'}; pages over 2 MB: {len(figures['over_2mb'])} "
          f"{'PASS' if not figures['over_2mb'] else 'FAIL'}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
