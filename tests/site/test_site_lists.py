"""Big categories: pagination, search data chunks and downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from htmlcheck import crawl, parse
from sitekit import EVIL, big_report, loaded_config, render_to, small_report

from followscope_site.site.listing import csv_bytes
from followscope_site.site.tables import build_rows


def _chunk_data(path: Path) -> dict:
    text = path.read_text(encoding="ascii")
    match = re.fullmatch(r"\(window\.FOLLOWSCOPE_DATA=window\.FOLLOWSCOPE_DATA\|\|\[\]\)\.push\((.*)\);\n", text,
                         re.DOTALL)
    assert match, text[:200]
    return json.loads(match.group(1))


def test_2500_accounts_make_three_pages_with_prev_next(tmp_path: Path) -> None:
    report = big_report(2500)
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path, page_size=1000))
    folder = site / "accounts/instagram-big/fans"
    fans = report.accounts[0].categories["fans"]
    assert len(fans) == 2499
    assert sorted(p.name for p in folder.glob("*.html")) == ["index.html", "page-2.html", "page-3.html"]
    expected = {"index.html": (None, "page-2.html"), "page-2.html": ("index.html", "page-3.html"),
                "page-3.html": ("page-2.html", None)}
    shown: list[str] = []
    for name, (prev, nxt) in expected.items():
        page = parse(folder / name)
        rels = {a["rel"]: a["href"] for t, a in page.tags if t == "a" and a.get("rel") in ("prev", "next")}
        assert rels.get("prev") == prev and rels.get("next") == nxt
        shown += [a["href"].rsplit("/", 1)[-1] for t, a in page.tags
                  if t == "a" and a.get("href", "").startswith("https://www.instagram.com/")]
    assert shown == fans  # every account once, in order, across the pages
    handles: list[str] = []
    for chunk in sorted(folder.glob("index-data-*.js"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        data = _chunk_data(chunk)
        assert data["start"] == len(handles)
        handles += data["h"]
    assert handles == fans
    _, broken = crawl(site)
    assert broken == []


def test_downloads_parse_and_equal_the_category(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path))
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    for key, rows in report["accounts"][0]["categories"].items():
        folder = site / "accounts/instagram-alice" / key
        assert json.loads((folder / f"{key}.json").read_text(encoding="utf-8")) == rows
        with (folder / f"{key}.csv").open(encoding="utf-8-sig", newline="") as f:
            table = list(csv.DictReader(f))
        assert [r["handle"] for r in table] == [r["handle"] for r in rows]
        for got, want in zip(table, rows, strict=True):
            assert got["url"] == (want["url"] or "")
            if "followed_at" in want:
                assert got["followed_at"] == (want["followed_at"] or "")
            if "tags" in want:
                assert got["tags"] == "; ".join(want["tags"])
        links = [a["href"] for t, a in parse(folder / "index.html").tags if t == "a" and "download" in a]
        assert links == [f"{key}.csv", f"{key}.json"]


def test_csv_cells_cannot_start_a_formula() -> None:
    report = small_report()
    account = report.accounts[0]
    account.notes["carl.c"] = "=HYPERLINK(\"https://evil\")"
    account.tags["carl.c"] = ["+1", "@x", "-2"]
    data = csv_bytes(build_rows(account, "not_following_back")).decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(data)) if r["handle"] == "carl.c")
    assert row["note"] == "'=HYPERLINK(\"https://evil\")"
    assert row["tags"] == "'+1; '@x; '-2"  # a spreadsheet splitting on `;` sees three text cells


def test_search_chunks_keep_hostile_text_as_data(tmp_path: Path) -> None:
    site = render_to(tmp_path / "site", small_report(), loaded_config(tmp_path))
    data = _chunk_data(site / "accounts/instagram-alice/not_following_back/index-data-0.js")
    assert data["h"] == ["carl.c", "dora.d"]
    assert EVIL[0] in data["t"][0] and data["o"] == {"0": EVIL[3], "1": EVIL[2]}


def test_big_downloads_come_in_bounded_parts(tmp_path: Path, monkeypatch) -> None:
    from followscope_site.site import tables

    monkeypatch.setattr(tables, "DOWNLOAD_PART_ROWS", 1000)
    report = big_report(2500)
    site = render_to(tmp_path / "site", report, loaded_config(tmp_path))
    folder = site / "accounts/instagram-big/fans"
    names = [f"fans-part-{n}" for n in (1, 2, 3)]
    links = [a["href"] for t, a in parse(folder / "index.html").tags if t == "a" and "download" in a]
    assert links == [f"{n}.{ext}" for n in names for ext in ("csv", "json")]
    rows = [r for n in names for r in json.loads((folder / f"{n}.json").read_text())]
    handles = []
    for n in names:
        with (folder / f"{n}.csv").open(encoding="utf-8-sig", newline="") as f:
            handles += [r["handle"] for r in csv.DictReader(f)]
    fans = report.accounts[0].categories["fans"]
    assert [r["handle"] for r in rows] == handles == fans
    whole = json.loads((site / "report.json").read_text())["accounts"][0]["categories"]["fans"]
    assert whole == rows
