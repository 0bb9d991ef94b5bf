"""Hypothesis strategies for export-shaped input, and the one property every importer keeps.

Each strategy draws an export as `{member path: bytes}` plus how to present it (folder or zip) and which
platform the config forces (None: detect). `read_once` feeds it to `read_export`: the importer must return
snapshots or raise the project's own `FollowScopeError`; any other exception is a bug.
"""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from followscope_site.errors import FollowScopeError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.archive import Limits

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "importers"))  # car_export: byte-faithful Bluesky repositories
IG = "connections/followers_and_following"
LIMITS = Limits(max_file_bytes=4 * 1024 * 1024, max_total_bytes=16 * 1024 * 1024, max_members=2000)

# Known bugs in importers other parts own: (exception type, file it is raised in), e.g.
# ("UnicodeDecodeError", "jsonfile.py"). Give each a regression test in tests/fuzz/test_fuzz.py, marked
# xfail(strict=True) until its owner fixes it; remove the entry then.
KNOWN_BUGS: set[tuple[str, str]] = set()


@dataclass
class Export:
    members: dict[str, bytes]
    as_zip: bool = False
    platform: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    name: str = "export-2025-06-01"
    raw_zip: bytes | None = None  # the zip's own bytes (the zip layer's strategy), written instead of members


class Bug(AssertionError):
    """An importer raised something other than FollowScopeError."""


def where(exc: BaseException) -> str:
    """The file (in followscope_site) of the deepest frame the exception passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "followscope_site" in f.filename]
    return Path(frames[-1].filename).name if frames else "?"


def read_once(export: Export, known: set[tuple[str, str]] | None = None) -> str:
    """Read one drawn export; 'ok', 'error' or 'known'. Raise Bug for any other exception."""
    with tempfile.TemporaryDirectory(prefix="fsfuzz-") as tmp:
        path = Path(tmp) / export.name
        if export.raw_zip is not None:
            path = path.with_name(export.name + ".zip")
            path.write_bytes(export.raw_zip)
        elif export.as_zip:
            path = path.with_name(export.name + ".zip")
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in export.members.items():
                    archive.writestr(name, data)
        else:
            path.mkdir()
            for name, data in export.members.items():
                target = path / name
                if not target.resolve().is_relative_to(path.resolve()):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():
                    continue
                target.write_bytes(data)
        request = ImportRequest(source=export.name, platform=export.platform, options=export.options)
        try:
            snapshots = read_export(path, request, LIMITS)
        except FollowScopeError as exc:
            assert exc.line(), "an error without a message"
            return "error"
        except Exception as exc:  # the property under test: nothing else may escape
            signature = (type(exc).__name__, where(exc))
            if signature in (KNOWN_BUGS if known is None else known):
                return "known"
            raise Bug(f"{signature[0]} in {signature[1]}: {exc!r}\n{''.join(traceback.format_exception(exc))}") \
                from exc
        assert isinstance(snapshots, list)
        for snapshot in snapshots:
            assert all(isinstance(accounts, dict) for accounts in snapshot.lists.values())
        return "ok"


# -- building blocks ---------------------------------------------------------------------------------------

handles = st.one_of(
    st.from_regex(r"[a-z0-9._]{1,30}", fullmatch=True),
    st.from_regex(r"@?[A-Za-z0-9._ -]{0,40}", fullmatch=True),
    st.text(max_size=40),
    st.sampled_from(["", " ", "__deleted__123", "\u202eabc", "😀", "<script>", "a" * 300, "\x00", "jos\u00c3\u00a9"]),
)
timestamps = st.one_of(st.integers(min_value=-2**63, max_value=2**63 - 1), st.floats(allow_nan=False),
                       st.none(), st.text(max_size=20), st.just(1759305600), st.just(1759305600123))
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                      st.text(max_size=20))
json_any = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                        max_leaves=12)


def sometimes(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the value, sometimes any JSON value instead (a wrong type)."""
    return st.one_of(value, value, value, json_any)


@st.composite
def record(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    """An object with those keys, some dropped, some of another type, sometimes an extra key."""
    out = {key: draw(sometimes(value)) for key, value in fields.items() if draw(st.integers(0, 9)) > 0}
    if draw(st.integers(0, 9)) == 0:
        out[draw(st.text(max_size=10))] = draw(json_any)
    return out


def hrefs(host: str) -> st.SearchStrategy[str]:
    return st.one_of(st.builds(lambda h: f"https://{host}/{h}", handles),
                     st.builds(lambda h: f"https://{host}/_u/{h}", handles),
                     st.sampled_from(["javascript:alert(1)", "https://evil.example/x", "", "not a url", "http://["]))


def ig_entry_a(host: str = "www.instagram.com") -> st.SearchStrategy[dict[str, Any]]:
    item = record({"href": hrefs(host), "value": handles, "timestamp": timestamps})
    return record({"title": st.just(""), "media_list_data": st.just([]),
                   "string_list_data": st.lists(item, max_size=2)})


def ig_entry_b(host: str = "www.instagram.com") -> st.SearchStrategy[dict[str, Any]]:
    item = record({"href": hrefs(host), "timestamp": timestamps})
    return record({"title": handles, "string_list_data": st.lists(item, max_size=2)})


def label_values_entry() -> st.SearchStrategy[dict[str, Any]]:
    pair = st.one_of(
        record({"label": st.just("Username"), "value": handles}),
        record({"label": st.sampled_from(["Name", "Nombre", "URL"]), "value": st.text(max_size=30)}),
        record({"label": st.just("Timestamp"), "timestamp_value": timestamps}),
    )
    return record({"timestamp": timestamps, "media": st.just([]), "label_values": st.lists(pair, max_size=4)})


def dumps(value: Any, draw: st.DrawFn) -> bytes:
    """JSON as Meta writes it (2-space indent, ASCII escapes) or compact; sometimes with a BOM or as UTF-16."""
    text = json.dumps(value, indent=draw(st.sampled_from([None, 2])), ensure_ascii=draw(st.booleans()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding, errors="surrogatepass") if encoding != "utf-16" else text.encode("utf-16", "replace")


# -- one strategy per platform --------------------------------------------------------------------------


@st.composite
def instagram_export(draw: st.DrawFn) -> Export:
    base = draw(st.sampled_from([IG, "followers_and_following", "my-export/" + IG]))
    entries = st.one_of(ig_entry_a(), ig_entry_b(), label_values_entry())
    members: dict[str, bytes] = {}
    for part in range(1, draw(st.integers(1, 3)) + 1):
        if draw(st.integers(0, 5)):
            members[f"{base}/followers_{part}.json"] = dumps(draw(st.lists(entries, max_size=5)), draw)
    following = draw(st.lists(entries, max_size=5))
    members[f"{base}/following.json"] = dumps(
        draw(st.sampled_from([{"relationships_following": following}, following])), draw)
    if draw(st.booleans()):
        key = draw(st.sampled_from(["relationships_follow_requests_sent", "relationships_close_friends"]))
        name = "pending_follow_requests.json" if key.endswith("sent") else "close_friends.json"
        members[f"{base}/{name}"] = dumps({key: draw(st.lists(entries, max_size=3))}, draw)
    if draw(st.integers(0, 4)) == 0:
        members[f"{base}/followers_1.html"] = draw(instagram_html())
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "instagram"])),
                  name="instagram-fuzz-2025-06-01-AbCdEfGh")


@st.composite
def instagram_html(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        handle = draw(handles)
        href = draw(hrefs("www.instagram.com"))
        date = draw(st.sampled_from(["Oct 21, 2025 9:00 am", "Mei 08, 2025 1:07 am", "", "Feb 30, 2025 25:61 pm"]))
        rows.append(f'<div><div><a target="_blank" href="{href}">{handle}</a></div><div>{date}</div></div>')
    junk = draw(st.sampled_from(["", "<script>alert(1)</script>", "<h2>", "<a href=", "</div></div></div>"]))
    return f"<html><body><main>{''.join(rows)}{junk}</main></body></html>".encode()


@st.composite
def threads_export(draw: st.DrawFn) -> Export:
    key = "text_post_app_text_post_app_"
    base = "your_instagram_activity/threads"
    entries = st.one_of(ig_entry_a("www.threads.net"), ig_entry_b("www.threads.com"), label_values_entry())
    members = {f"{base}/followers.json": dumps({key + "followers": draw(st.lists(entries, max_size=4))}, draw),
               f"{base}/following.json": dumps({key + "following": draw(st.lists(entries, max_size=4))}, draw)}
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "threads"])))


@st.composite
def facebook_export(draw: st.DrawFn) -> Export:
    person = record({"name": st.one_of(st.text(max_size=30), handles), "timestamp": timestamps})
    v3 = record({"label_values": st.lists(record({"label": st.just("Name"), "value": st.text(max_size=20)}),
                                          max_size=2), "timestamp": timestamps})
    layout = draw(st.sampled_from(["2026", "2021"]))
    if layout == "2026":
        members = {
            "connections/friends/your_friends.json": dumps({"friends_v2": draw(st.lists(person, max_size=4))}, draw),
            "connections/followers/people_who_followed_you.json":
                dumps({draw(st.sampled_from(["followers_v3", "followers_v2"])): draw(st.lists(st.one_of(person, v3),
                                                                                              max_size=4))}, draw),
            "connections/followers/who_you've_followed.json":
                dumps({"following_v3": draw(st.lists(person, max_size=4))}, draw),
        }
    else:
        files = (("friends", "friends_v2"), ("followers", "followers_v2"), ("following", "following_v3"))
        members = {f"friends_and_followers/{n}.json": dumps({k: draw(st.lists(person, max_size=4))}, draw)
                   for n, k in files}
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "facebook"])),
                  name="facebook-fuzz-2025-06-01")


@st.composite
def tiktok_export(draw: st.DrawFn) -> Export:
    user = record({"Date": st.one_of(st.just("2025-05-01 10:00:00"), st.text(max_size=20)), "UserName": handles})
    section = draw(st.sampled_from(["Activity", "Your Activity", "Profile And Settings"]))
    follower_holder = draw(st.sampled_from(["Follower List", "Follower"]))
    following_holder = draw(st.sampled_from(["Following List", "Following"]))
    data = {section: {follower_holder: {"FansList": draw(st.one_of(st.lists(user, max_size=4), st.none()))},
                      following_holder: {"Following": draw(st.one_of(st.lists(user, max_size=4), st.none()))}},
            "Profile": {"Profile Information": {"ProfileMap": draw(record({
                "userName": handles, "followerCount": st.integers(0, 10**6),
                "followingCount": st.integers(0, 10**6)}))}}}
    name = draw(st.sampled_from(["user_data_tiktok.json", "user_data.json"]))
    members = {name: dumps(data, draw)}
    if draw(st.integers(0, 3)) == 0:
        lines = "\n\n".join(f"Date: 2025-05-01 10:00:00\nUsername: {draw(handles)}" for _ in range(3))
        members = {"Activity/Follower.txt": lines.encode(), "Activity/Following.txt": draw(st.binary(max_size=60))}
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "tiktok"])),
                  name="TikTok_Data_2025-06-01")


@st.composite
def x_export(draw: st.DrawFn) -> Export:
    def js(kind: str) -> bytes:
        rows = draw(st.lists(record({kind: record({"accountId": st.one_of(st.from_regex(r"[0-9]{1,19}", fullmatch=True),
                                                                         handles),
                                                   "userLink": st.text(max_size=30)})}), max_size=4))
        head = draw(st.sampled_from([f"window.YTD.{kind}.part0 = ", f"window.YTD.{kind}.part0=", "var x = ", ""]))
        return head.encode() + dumps(rows, draw)
    files = [{"fileName": "data/follower.js", "count": draw(st.text(max_size=5))}]
    info = record({"isPartialArchive": st.booleans(), "generationDate": st.text(max_size=25)})
    manifest = {"dataTypes": {"follower": {"files": files}}, "archiveInfo": draw(info)}
    members = {"data/follower.js": js("follower"), "data/following.js": js("following")}
    if draw(st.booleans()):
        members["data/manifest.js"] = b"window.__THAR_CONFIG = " + dumps(manifest, draw)
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "x"])),
                  name="twitter-2025-06-01-abc")


# -- Bluesky: CAR files built from a drawn repository (tests/importers/car_export.py), then damaged ----------

_CBOR_INT = st.integers(min_value=-(2**63), max_value=2**64 - 1)
cbor_leaf = st.one_of(st.none(), st.booleans(), _CBOR_INT, st.floats(allow_nan=False, allow_infinity=False),
                      st.text(max_size=20), st.binary(max_size=12))
cbor_any = st.recursive(cbor_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                        max_leaves=12)
created_at = st.one_of(st.just("2025-01-02T03:04:05.000Z"), st.sampled_from([
    "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2025-13-40T99:00:00Z", "", "1970-01-01T00:00:00Z"]),
    st.text(max_size=30))
# CBOR items DAG-CBOR refuses: value sharing, other tags, indefinite lengths, undefined, half floats, NaN
hostile_cbor = st.sampled_from([b"\xd8\x1c\x81\x01", b"\xd8\x1d\x00", b"\xc1\x00", b"\x9f\x01\xff",
                                b"\xf7", b"\xf9\x3c\x00", b"\xfb\x7f\xf8\x00\x00\x00\x00\x00\x00",
                                b"\xd8\x2a\x41\x01", b"\x9b\xff\xff\xff\xff\xff\xff\xff\xff"])


@st.composite
def bluesky_export(draw: st.DrawFn) -> Export:
    from car_export import Repository, dag, follow, repository

    records: dict[str, bytes] = {}
    for index in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["follow", "block", "like"]))
        subject = draw(st.one_of(st.builds(lambda h: f"did:plc:{h}", handles), handles, cbor_any))
        created = draw(created_at)
        record = follow(subject, created, kind) if draw(st.integers(0, 4)) else dag(draw(cbor_any))
        if draw(st.integers(0, 9)) == 0:  # a record with a hostile item inside
            record = bytes([0xA1]) + dag("subject") + draw(hostile_cbor)
        records[f"app.bsky.graph.{kind}/3laddfmodl{index:02d}z"] = record
    owner = draw(st.one_of(st.just("did:plc:ownerownerownerowner0001"), handles))
    stale = draw(st.lists(st.one_of(st.builds(lambda c: follow("did:plc:gone", c), created_at),
                                    st.builds(lambda v: dag(v), cbor_any),
                                    hostile_cbor), max_size=3))
    repo = repository(owner, records, extra=stale)
    how = draw(st.sampled_from(["whole", "drop", "swap_root", "duplicate"]))
    if how == "drop" and repo.blocks:
        del repo.blocks[draw(st.integers(0, len(repo.blocks) - 1))]
    elif how == "swap_root" and repo.blocks:
        repo = Repository(repo.blocks[0][0], repo.blocks[1:])
    elif how == "duplicate" and repo.blocks:
        repo.blocks.append(repo.blocks[draw(st.integers(0, len(repo.blocks) - 1))])
    data = repo.car()
    if draw(st.integers(0, 4)) == 0 and data:  # a few bytes damaged
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            buffer[draw(st.integers(0, len(buffer) - 1))] = draw(st.integers(0, 255))
        data = bytes(buffer)
    name = draw(st.sampled_from(["repo.car", "bsky.getRepo", "download.bin"]))
    return Export({name: data}, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "bluesky"])),
                  name="bsky-export-2026-03-03")


# -- the zip layer: a seed export zipped, then its headers damaged ---------------------------------------------

_ZIP_FIELDS = {b"PK\x03\x04": (4, 30), b"PK\x01\x02": (4, 46), b"PK\x05\x06": (4, 22)}


@st.composite
def zip_layer(draw: st.DrawFn, seeds: list[Export]) -> Export:
    """A real export's zip with header fields overwritten: method, flags, sizes, offsets, counts, names."""
    import io

    seed = draw(st.sampled_from(seeds))
    buffer = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in seed.members.items():
            archive.writestr(draw(st.sampled_from([name, name, name, "../" + name, "/" + name, name + "/"])), data)
    data = bytearray(buffer.getvalue())
    places = [(at, size) for signature, (start, size) in _ZIP_FIELDS.items()
              for at in _find_all(bytes(data), signature)]
    for _ in range(draw(st.integers(1, 6))):
        if places and draw(st.integers(0, 3)):
            at, size = draw(st.sampled_from(places))
            offset = at + draw(st.integers(4, size - 1))
        else:
            offset = draw(st.integers(0, len(data) - 1))
        value = draw(st.one_of(st.integers(0, 255), st.sampled_from([0x00, 0xFF, 0x09, 0x01, 0x63, 0x08])))
        if offset < len(data):
            data[offset] = value
    if draw(st.integers(0, 5)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return Export({}, name=seed.name, raw_zip=bytes(data), platform=draw(st.sampled_from([None, None, "instagram"])))


def _find_all(data: bytes, signature: bytes) -> list[int]:
    found, at = [], data.find(signature)
    while at != -1:
        found.append(at)
        at = data.find(signature, at + 1)
    return found


# -- Instagram's activity files (engagement signals) --------------------------------------------------------


@st.composite
def instagram_activity_export(draw: st.DrawFn) -> Export:
    base = "your_instagram_activity"
    owner = record({"label": st.sampled_from(["Username", "Owner", "Media Owner"]), "value": handles,
                    "title": st.just("Owner"), "dict": json_any})
    liked = st.lists(record({"title": handles, "label_values": st.lists(owner, max_size=3),
                             "string_list_data": json_any}), max_size=4)
    message = record({"sender_name": st.text(max_size=10), "content": st.text(max_size=10)})
    thread = record({"participants": st.lists(record({"name": st.text(max_size=10)}), max_size=3),
                     "messages": st.lists(message, max_size=4)})
    members = {f"{IG}/followers_1.json": dumps([], draw), f"{IG}/following.json": dumps([], draw),
               f"{base}/likes/liked_posts.json": dumps(draw(sometimes(liked)), draw),
               f"{base}/comments/post_comments_1.json": dumps(draw(sometimes(liked)), draw),
               f"{base}/story_interactions/story_likes.json": dumps(draw(sometimes(liked)), draw),
               f"{base}/messages/inbox/anna_123/message_1.json": dumps(draw(sometimes(thread)), draw)}
    return Export(members, as_zip=draw(st.booleans()), name="instagram-fuzz-2025-06-01-AbCdEfGh")


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")


cells = st.one_of(handles, st.text(max_size=15), st.just('"quoted, cell"'), st.just('"unclosed'))


@st.composite
def mastodon_export(draw: st.DrawFn) -> Export:
    header = draw(st.sampled_from([["Account address", "Show boosts", "Notify on new posts", "Languages"],
                                   ["Account address", "Show boosts"], []]))
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=4), max_size=5))
    members = {"following_accounts.csv": _csv(([header] if header else []) + rows)}
    if draw(st.booleans()):
        members["follower_accounts.csv"] = _csv([["Account address"], *draw(st.lists(st.lists(cells, max_size=2),
                                                                                       max_size=4))])
    if draw(st.booleans()):
        members["blocked_accounts.csv"] = _csv(draw(st.lists(st.lists(cells, max_size=1), max_size=3)))
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "mastodon"])),
                  name="mastodon-2025-06-01")


@st.composite
def linkedin_export(draw: st.DrawFn) -> Export:
    notes = [["Notes:"], ['"When exporting your connection data, you may notice..."'], []]
    preamble = draw(st.sampled_from([[], notes]))
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    header = header if draw(st.integers(0, 5)) else header[:2] + header[3:]
    date = st.sampled_from(["07 Feb 2026", "5-Jan-26", "1/8/18, 6:14 PM", "yesterday", ""])
    row = st.lists(st.one_of(cells, date, st.builds(lambda h: f"https://www.linkedin.com/in/{h}", handles)),
                   max_size=8)
    members = {"Connections.csv": _csv([*preamble, header, *draw(st.lists(row, max_size=5))])}
    if draw(st.booleans()):
        members["Invitations.csv"] = _csv([["From", "To", "Sent At", "Message", "Direction"],
                                           *draw(st.lists(st.lists(st.one_of(cells, st.sampled_from(
                                               ["INCOMING", "OUTGOING"])), max_size=5), max_size=4))])
    return Export(members, as_zip=draw(st.booleans()), platform=draw(st.sampled_from([None, "linkedin"])),
                  name="Complete_LinkedInDataExport_02-07-2026")


@st.composite
def generic_csv_export(draw: st.DrawFn) -> Export:
    header = draw(st.sampled_from([["handle", "date"], ["handle"], ["user", "when"]]))
    rows = draw(st.lists(st.lists(cells, max_size=3), max_size=5))
    members = {"followers.csv": _csv([header, *rows]), "following.csv": _csv([header, *rows[:2]])}
    options = {"followers": "followers.csv", "following": "following.csv", "handle_column": "handle",
               "date_column": draw(st.sampled_from(["date", "when"]))}
    return Export(members, as_zip=draw(st.booleans()), platform="csv", options=options)


# -- mutations of real fixture bytes ---------------------------------------------------------------------


def seed_exports() -> list[Export]:
    """Every fixture export folder of the repo (tests/fixtures/<platform>/<export>/, the bad-input corpus's
    good export), members under 256 KiB."""
    folders = sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*") if p.is_dir())
    folders.append(ROOT / "tests" / "bad_inputs" / "good")
    seeds = []
    for folder in folders:
        members = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                   if p.is_file() and p.stat().st_size < 256 * 1024}
        if members:
            seeds.append(Export(members, name=folder.name))
    return seeds


def _change_types(value: Any, draw: st.DrawFn) -> Any:
    """Walk a decoded JSON value and swap a few values for others of another type, or drop keys."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            choice = draw(st.integers(0, 19))
            if choice == 0:
                continue  # drop the key
            out[key] = draw(json_any) if choice == 1 else _change_types(inner, draw)
        return out
    if isinstance(value, list):
        return [draw(json_any) if draw(st.integers(0, 19)) == 0 else _change_types(v, draw) for v in value]
    return value


@st.composite
def mutated(draw: st.DrawFn, seeds: list[Export]) -> Export:
    seed = draw(st.sampled_from(seeds))
    members = dict(seed.members)
    name = draw(st.sampled_from(sorted(members)))
    data = members[name]
    how = draw(st.sampled_from(["truncate", "flip", "insert", "types", "drop", "empty", "garbage"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    elif how == "flip" and data:
        buffer = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(buffer) - 1))
            buffer[at] = draw(st.integers(0, 255))
        data = bytes(buffer)
    elif how == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    elif how == "types":
        text = data.decode("utf-8", "replace")
        head, sep, body = text.partition("= ") if text.startswith("window.") else ("", "", text)
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        if value is not None:
            data = (head + sep + json.dumps(_change_types(value, draw))).encode("utf-8", "surrogatepass")
    elif how == "drop":
        del members[name]
        return Export(members, as_zip=draw(st.booleans()), name=seed.name)
    elif how == "empty":
        data = b""
    else:
        data = draw(st.binary(max_size=200))
    members[name] = data
    return Export(members, as_zip=draw(st.booleans()), name=seed.name)


PLATFORM_STRATEGIES = {
    "instagram": instagram_export(), "threads": threads_export(), "facebook": facebook_export(),
    "tiktok": tiktok_export(), "x": x_export(), "mastodon": mastodon_export(), "linkedin": linkedin_export(),
    "csv": generic_csv_export(), "bluesky": bluesky_export(), "instagram_activity": instagram_activity_export(),
}


def available_platforms() -> list[str]:
    """Platforms whose importer module exists (they land one by one)."""
    from followscope_site.importers import importers

    present = {imp.platform for imp in importers()} | {"instagram_activity"}
    return [p for p in PLATFORM_STRATEGIES if p in present]


def any_export(seeds: list[Export]) -> st.SearchStrategy[Export]:
    platforms = available_platforms()
    return st.one_of(*(PLATFORM_STRATEGIES[p] for p in platforms), mutated(seeds), zip_layer(seeds))
