"""Browser timings of the biggest list of a built benchmark site (a script, not a test).

    .venv/bin/python bench/browser.py [--size 1m] [--list fans] [--repeat 3] [--site DIR] [--json FILE]

Run bench/run.py (or a build of bench/out/<size>/followscope.yaml into bench/out/<size>/site) first. Uses
Debian's chromium through Playwright (never a downloaded browser) and opens the list page from file://, as a
user opens the built site. Every figure is timed inside the page:
- first page: `loadEventEnd` of the Navigation Timing entry (the static first page of rows);
- data loaded: from navigation start until list.js has read every data file (data-state="ready");
- search: from the input event until the status line is written (warm: the data is in), median of the queries;
- sort by date: from the header click until the status line is written, both directions, the slower one;
- CSV of the whole list: from the click on the CSV button (no view applied) until the file is handed to the
  browser (URL.createObjectURL);
- JS heap: JSHeapUsedSize from the DevTools protocol after all of that.
Targets (issue #15): first page < 300 ms, search < 200 ms, sort < 500 ms, CSV < 3 s, heap < 500 MB.

Then search.html, the search of every list of every account (issue #16), which reads every list's data files:
- site search, first answer: from navigation start (search.html?q=…) until its data-state is "ready", which
  search.js sets once every data file is read and the first query is answered;
- site search, next query: from the input event until the status line is written, median of the queries;
- its JS heap, as above. These have no target in the issues: they are recorded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import OUT, handle, parse_size, size_label  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
TARGETS = {"first_page_ms": 300, "search_ms": 200, "sort_ms": 500, "csv_ms": 3000, "js_heap_mb": 500}
FILE_LIMIT = 50 * 1024 * 1024

# Runs `act` (a snippet of JS) and resolves with the ms until the status line (`selector`) is written again.
# Setting textContent replaces the text node, a mutation even when the words stay the same (two queries that
# both match nothing), so the wait ends with the update, never hangs on a repeated status.
TIME_STATUS_JS = """
async ([act, selector]) => {
  const status = document.querySelector(selector || ".list-status");
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now() - started); });
    observer.observe(status, {childList: true, characterData: true, subtree: true});
  });
  const started = performance.now();
  (new Function(act))();
  return {ms: await done, status: status.textContent};
}
"""

SEARCH = """const input = document.getElementById("list-search"); input.value = %s;
input.dispatchEvent(new Event("input", {bubbles: true}));"""
SITE_SEARCH = SEARCH.replace("list-search", "search-q")
CLICK = "document.querySelector(%s).click();"

# Notes when the list's data-state becomes "ready" (list.js sets it once every data file is read).
READY_AT_JS = """
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.getAttribute && change.target.getAttribute("data-state") === "ready" && !window.readyAt) {
      window.readyAt = performance.now();
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state"]});
"""

# Resolves with the ms from the click on the CSV button until the file is handed to the browser.
TIME_CSV_JS = """
async () => {
  const made = window.URL.createObjectURL.bind(window.URL);
  let resolve;
  const done = new Promise((r) => { resolve = r; });
  window.URL.createObjectURL = (blob) => {
    resolve({ms: performance.now() - started, bytes: blob.size});
    return made(blob);
  };
  const started = performance.now();
  document.querySelector("button[data-download=csv]").click();
  return await done;
}
"""


def file_sizes(site: Path) -> dict[str, object]:
    files = [p for p in site.rglob("*") if p.is_file()]
    biggest = max(files, key=lambda p: p.stat().st_size)
    return {"files": len(files), "site_mb": sum(p.stat().st_size for p in files) / 1e6,
            "largest": str(biggest.relative_to(site)), "largest_mb": biggest.stat().st_size / 1e6,
            "over_50mb": [str(p.relative_to(site)) for p in files if p.stat().st_size > FILE_LIMIT]}


def list_page(site: Path, name: str) -> Path:
    found = sorted(site.glob(f"accounts/*/{name}/index.html"))
    if not found:
        raise SystemExit(f"bench: no accounts/*/{name}/index.html under {site}; build the site first")
    return found[0]


def js_heap_mb(context: Any, page: Any) -> float:
    """The page's JS heap in use (JSHeapUsedSize, from the DevTools protocol), in MB."""
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"] / 1e6


def measure(page_path: Path, queries: list[str], sort_column: str, repeat: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[float]] = {k: [] for k in ("first_page_ms", "data_ms", "search_ms", "sort_ms", "csv_ms",
                                                    "js_heap_mb")}
    statuses: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                context = browser.new_context(accept_downloads=True)
                context.add_init_script(READY_AT_JS)
                page = context.new_page()
                page.goto(page_path.as_uri(), wait_until="load")
                nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                runs["first_page_ms"].append(nav["loadEventEnd"] - nav["startTime"])
                page.wait_for_selector("[data-list][data-state=ready]", timeout=120_000)
                runs["data_ms"].append(page.evaluate("() => window.readyAt"))
                searches = []
                for query in queries:
                    result = page.evaluate(TIME_STATUS_JS, [SEARCH % json.dumps(query)])
                    searches.append(result["ms"])
                    statuses.append(result["status"])
                runs["search_ms"].append(statistics.median(searches))
                page.evaluate(TIME_STATUS_JS, [SEARCH % json.dumps("")])
                button = json.dumps(f"th[data-column={sort_column}] button")
                sorts = [page.evaluate(TIME_STATUS_JS, [CLICK % button])["ms"] for _ in range(2)]  # both ways
                runs["sort_ms"].append(max(sorts))
                page.evaluate(TIME_STATUS_JS, [CLICK % json.dumps("th[data-column=handle] button")])
                with page.expect_download(timeout=120_000):
                    csv = page.evaluate(TIME_CSV_JS)
                runs["csv_ms"].append(csv["ms"])
                runs["js_heap_mb"].append(js_heap_mb(context, page))
                context.close()
        finally:
            browser.close()
    figures: dict[str, object] = {k: statistics.median(v) for k, v in runs.items()}
    figures["csv_mb"] = csv["bytes"] / 1e6
    figures["statuses"] = statuses[:len(queries)]
    return figures


def measure_site_search(site: Path, queries: list[str], repeat: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[float]] = {"site_search_first_ms": [], "site_search_next_ms": [], "site_search_heap_mb": []}
    status = ""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                context = browser.new_context()
                context.add_init_script(READY_AT_JS)
                page = context.new_page()
                page.goto((site / "search.html").as_uri() + "?q=" + queries[0], wait_until="load")
                page.wait_for_selector("[data-search][data-state=ready]", timeout=300_000)
                runs["site_search_first_ms"].append(page.evaluate("() => window.readyAt"))
                nexts = []
                for query in queries[1:]:
                    result = page.evaluate(TIME_STATUS_JS, [SITE_SEARCH % json.dumps(query), ".search-status"])
                    nexts.append(result["ms"])
                    status = status or result["status"]
                runs["site_search_next_ms"].append(statistics.median(nexts))
                runs["site_search_heap_mb"].append(js_heap_mb(context, page))
                context.close()
        finally:
            browser.close()
    return {**{k: statistics.median(v) for k, v in runs.items()}, "site_search_status": status}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--site", type=Path, default=None, help="default: bench/out/<size>/site")
    parser.add_argument("--list", default="fans", help="the category whose page is timed")
    parser.add_argument("--sort", default="follows_you_since", help="the date column to sort by")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", default="anna,@" + handle(777) + ",99999,studio,zzz",
                        help="searches timed once the data is in (median)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    site = args.site or OUT / size_label(parse_size(args.size)) / "site"
    page_path = list_page(site, args.list)
    queries = args.queries.split(",")
    figures = {"page": str(page_path.relative_to(site)), **file_sizes(site),
               **measure(page_path, queries, args.sort, args.repeat),
               **measure_site_search(site, [q for q in queries if q.strip("@")], args.repeat)}
    print(json.dumps(figures, indent=1))
    for key, target in TARGETS.items():
        value = float(figures[key])  # type: ignore[arg-type]
        print(f"{key}: {value:,.0f} (target < {target:,}) {'PASS' if value < target else 'FAIL'}")
    for key in ("site_search_first_ms", "site_search_next_ms", "site_search_heap_mb"):
        print(f"{key}: {float(figures[key]):,.0f} (no target; recorded)")  # type: ignore[arg-type]
    print(f"files over 50 MB: {len(figures['over_50mb'])} {'PASS' if not figures['over_50mb'] else 'FAIL'}")  # type: ignore[arg-type]
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
