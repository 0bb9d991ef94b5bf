"""Bluesky repo.car: follows and blocks as DIDs, no followers (and the site is told why), damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import run_bounded
from car_export import Repository, commit, dag, follow, head, link, mst, repository, varint

from followscope_site.analysis.categories import categorize
from followscope_site.errors import InputError
from followscope_site.importers import ImportRequest, read_export
from followscope_site.importers.bluesky import NO_FOLLOWERS, looks_like_car

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bluesky"
EXPORT = FIXTURES / "bsky-export-2026-03-03"
OWNER = "did:plc:ownerownerownerowner0001"
FOLLOWS = {"did:plc:alicealicealicealice0001": "2024-11-20T12:34:56.789Z",
           "did:plc:bobbobbobbobbobbobbob0002": "2025-01-02T03:04:05.000Z",
           "did:web:carol.example": "2025-02-03T00:00:00Z"}
BLOCKS = {"did:plc:trolltrolltrolltroll0003": "2025-03-01T10:00:00.000Z"}


def current_records() -> dict[str, bytes]:
    records = {f"app.bsky.graph.follow/3laddfmodl2{i}z": follow(did, created)
               for i, (did, created) in enumerate(FOLLOWS.items())}
    records.update({f"app.bsky.graph.block/3lbbbfmodl2{i}z": follow(did, created, "block")
                    for i, (did, created) in enumerate(BLOCKS.items())})
    records["app.bsky.actor.profile/self"] = dag({"$type": "app.bsky.actor.profile", "displayName": "Me"})
    return records


def build_car() -> bytes:
    """A small, valid repository: commit → one MST node → follow and block records, plus one raw block."""
    return repository(OWNER, current_records()).car()


def test_fixture_is_the_builder_output() -> None:
    assert (EXPORT / "repo.car").read_bytes() == build_car()


def test_follows_and_blocks_become_following_and_blocked() -> None:
    [snapshot] = read_export(EXPORT, ImportRequest(source="bsky"))
    assert (snapshot.platform, snapshot.format, snapshot.identifier) == ("bluesky", "bluesky-car", "did")
    assert snapshot.owner == OWNER
    assert snapshot.date == "2026-03-03"
    assert set(snapshot.lists["following"]) == set(FOLLOWS)
    assert set(snapshot.lists["blocked"]) == set(BLOCKS)
    assert snapshot.lists["following"]["did:plc:alicealicealicealice0001"].timestamp == 1732106096
    assert snapshot.files_used == ["repo.car"]


def test_followers_are_absent_never_empty_and_the_warning_says_why() -> None:
    [snapshot] = read_export(EXPORT, ImportRequest(source="bsky"))
    assert "followers" not in snapshot.lists
    assert NO_FOLLOWERS in snapshot.warnings
    categories = categorize(snapshot)
    assert "mutuals" not in categories and "fans" not in categories and "not_following_back" not in categories
    assert categories["blocked"] == sorted(BLOCKS)


def test_a_single_car_file_and_detection_by_content(tmp_path: Path) -> None:
    odd = tmp_path / "download.bin"  # indigo#627: a download may be named after the XRPC call
    odd.write_bytes(build_car())
    assert looks_like_car(build_car()[:64])
    [snapshot] = read_export(odd, ImportRequest(source="download.bin"))
    assert snapshot.platform == "bluesky" and set(snapshot.lists["following"]) == set(FOLLOWS)
    assert any("export date taken from" in w for w in snapshot.warnings)  # the name carries no date


def test_a_truncated_car_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(build_car()[:-20])
    with pytest.raises(InputError) as caught:
        read_export(path, ImportRequest(source="repo.car"))
    assert "repo.car" in caught.value.line() and "cut off" in caught.value.line()


def test_a_non_car_file_named_repo_car_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(b'{"this": "is json, not a CAR"}')
    with pytest.raises(InputError) as caught:
        read_export(path, ImportRequest(source="repo.car"))
    assert "repo.car" in caught.value.line() and "not a CAR file" in caught.value.line()


def test_a_header_that_is_not_carv1(tmp_path: Path) -> None:
    header = dag({"version": 2, "roots": []})
    path = tmp_path / "repo.car"
    path.write_bytes(varint(len(header)) + header)
    with pytest.raises(InputError, match="version: 1"):
        read_export(path, ImportRequest(source="repo.car"))


# -- a repository with history: blocks of deleted and rewritten records (issue: "invalid account {'did': …") ----

HISTORY = FIXTURES / "bsky-export-history-2026-04-01"
GONE = "did:plc:gonegonegonegonegone0009"  # followed, then unfollowed: its record was deleted


def build_history_car() -> bytes:
    """The current tree follows alice, bob (record rewritten), carol and dave. The file also holds the older
    commit and tree, bob's old record, the deleted follow of GONE, and a 2023-shape follow whose subject was an
    object {did, declarationCid}: none of those are follows now."""
    old_records = {
        "app.bsky.graph.follow/3jzfcijpj2z2a": follow({"did": "did:plc:oldshapeoldshapeoldsha0007",
                                                      "declarationCid": "bafyreid27zk7lbis4zw5fz4podbvbs4fc5ivwji"},
                                                     "2023-03-01T00:00:00.000Z"),
        "app.bsky.graph.follow/3laddfmodl21z": follow("did:plc:bobbobbobbobbobbobbob0002", "2025-01-02T03:04:05Z"),
        "app.bsky.graph.follow/3laddfmodl29z": follow(GONE, "2025-01-05T00:00:00.000Z"),
    }
    old = repository(OWNER, old_records, rev="3laddfmodl29z")
    records = {
        "app.bsky.graph.follow/3laddfmodl20z": follow("did:plc:alicealicealicealice0001", "2024-11-20T12:34:56.789Z"),
        "app.bsky.graph.follow/3laddfmodl21z": follow("did:plc:bobbobbobbobbobbobbob0002", "2025-01-02T03:04:05.000Z"),
        "app.bsky.graph.follow/3laddfmodl22z": follow("did:web:carol.example", "2025-02-03T00:00:00Z"),
        "app.bsky.graph.follow/3lcccfmodl20z": follow("did:plc:davedavedavedavedave0004", "2026-03-30T08:00:00.000Z"),
    }
    history = [old.root, *(block for block, codec in old.blocks if codec == 0x71)]
    return repository(OWNER, records, rev="3lcccfmodl20z", extra=history).car()


def test_history_fixture_is_the_builder_output() -> None:
    assert (HISTORY / "repo.car").read_bytes() == build_history_car()


def test_only_records_of_the_current_tree_are_follows() -> None:
    [snapshot] = read_export(HISTORY, ImportRequest(source="bsky"))
    assert set(snapshot.lists["following"]) == {"did:plc:alicealicealicealice0001", "did:plc:bobbobbobbobbobbobbob0002",
                                                "did:web:carol.example", "did:plc:davedavedavedavedave0004"}
    assert snapshot.lists["blocked"] == {}
    assert snapshot.owner == OWNER and not snapshot.partial
    assert snapshot.warnings == [NO_FOLLOWERS]  # no "invalid account {'did': …" for the old blocks


# -- hostile repositories: bounded, refused with a message that names the file ---------------------------------


def hostile_subject(levels: int = 60) -> bytes:
    """A follow record whose subject uses CBOR value sharing: [s, s] nested 60 deep is 2^60 leaves."""
    value = head(6, 28) + dag("did:plc:x")
    for _ in range(levels):
        value = head(6, 28) + head(4, 2) + (head(6, 29) + dag(0)) * 2
    body = dag({"$type": "app.bsky.graph.follow", "createdAt": "2025-01-01T00:00:00Z"})
    return bytes([body[0] + 1]) + body[1:] + dag("subject") + value  # one more key, unsorted: still a map


def test_value_sharing_tags_in_a_live_record_are_refused(tmp_path: Path) -> None:
    records = {**current_records(), "app.bsky.graph.follow/3lzzzzzzzzz2z": hostile_subject()}
    path = tmp_path / "repo.car"
    path.write_bytes(repository(OWNER, records).car())
    with pytest.raises(InputError, match=r"record 'app.bsky.graph.follow/3lzzzzzzzzz2z'.*CBOR tag 28"):
        read_export(path, ImportRequest(source="repo.car"))


def test_hostile_blocks_outside_the_tree_are_never_decoded(tmp_path: Path) -> None:
    path = tmp_path / "repo.car"
    path.write_bytes(repository(OWNER, current_records(), extra=[hostile_subject(), b"\x9f\x9f\x9f"]).car())
    [snapshot] = read_export(path, ImportRequest(source="repo.car"))
    assert set(snapshot.lists["following"]) == set(FOLLOWS)


def test_the_718_byte_hang_ends_quickly_under_a_memory_bound(tmp_path: Path) -> None:
    """The issue's attack: a follow's subject shared 2^60 times. Decoded in a child with 1 GiB and 30 s."""
    records = {"app.bsky.graph.follow/3lzzzzzzzzz2z": hostile_subject()}
    path = tmp_path / "repo.car"
    path.write_bytes(repository(OWNER, records).car())
    assert len(path.read_bytes()) < 1024
    code = ("import sys\nfrom pathlib import Path\nfrom followscope_site.errors import InputError\n"
            "from followscope_site.importers import ImportRequest, read_export\n"
            "try:\n    read_export(Path(sys.argv[1]), ImportRequest(source='repo.car'))\n"
            "except InputError as exc:\n    print(exc.line())\n")
    result = run_bounded(["-c", code, str(path)], seconds=30, megabytes=1024)
    assert result.returncode == 0, result.stderr
    assert "CBOR tag 28" in result.stdout


def test_a_non_text_subject_is_quoted_briefly(tmp_path: Path) -> None:
    records = {**current_records(),
               "app.bsky.graph.follow/3lzzzzzzzzz2z": follow(["did:plc:x" * 1000] * 1000, "2025-01-01T00:00:00Z"),
               "app.bsky.graph.follow/3lzzzzzzzzz3z": follow("did:plc:\u202e" + "x" * 500, "2025-01-01T00:00:00Z")}
    path = tmp_path / "repo.car"
    path.write_bytes(repository(OWNER, records).car())
    [snapshot] = read_export(path, ImportRequest(source="repo.car"))
    [warning] = [w for w in snapshot.warnings if "invalid" in w]
    assert "a list" in warning and "\\u202e" in warning and "\u202e" not in warning and len(warning) < 200


def test_a_tree_node_missing_from_the_file_marks_the_export_partial(tmp_path: Path) -> None:
    repo = repository(OWNER, current_records())
    repo.blocks = [(block, codec) for block, codec in repo.blocks if b"did:web:carol" not in block]
    path = tmp_path / "repo.car"
    path.write_bytes(repo.car())
    [snapshot] = read_export(path, ImportRequest(source="repo.car"))
    assert snapshot.partial and any("1 blocks of the repository's tree are not in the file" in w
                                    for w in snapshot.warnings)
    assert set(snapshot.lists["following"]) == set(FOLLOWS) - {"did:web:carol.example"}


def test_a_root_that_is_not_in_the_file(tmp_path: Path) -> None:
    header = dag({"version": 1, "roots": [link(b"elsewhere")]})
    path = tmp_path / "repo.car"
    path.write_bytes(varint(len(header)) + header)
    with pytest.raises(InputError, match="does not hold its root block"):
        read_export(path, ImportRequest(source="repo.car"))


def test_a_block_that_does_not_match_its_cid_is_damage(tmp_path: Path) -> None:
    data = bytearray(build_car())
    at = data.find(b"did:web:carol")
    data[at + 4] ^= 0x01
    path = tmp_path / "repo.car"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="does not match its CID"):
        read_export(path, ImportRequest(source="repo.car"))


def test_a_tree_that_links_back_to_itself_ends(tmp_path: Path) -> None:
    """A node cannot hold its own CID, so the crafted cycle is two nodes naming each other's CID via `l`:
    impossible with real hashes; a node listed twice in the tree (same CID in `l` and `t`) stands for it."""
    records = current_records()
    leaf = mst({"app.bsky.graph.follow/0": records["app.bsky.graph.follow/3laddfmodl20z"]})
    root_node = dag({"l": link(leaf), "e": [{"p": 0, "k": b"app.bsky.graph.follow/3laddfmodl21z",
                                            "v": link(records["app.bsky.graph.follow/3laddfmodl21z"]),
                                            "t": link(leaf)}]})
    root = commit(OWNER, root_node, "3laddfmodl22z")
    repo = Repository(root, [(root_node, 0x71), (leaf, 0x71), *((b, 0x71) for b in records.values())])
    path = tmp_path / "repo.car"
    path.write_bytes(repo.car())
    with pytest.raises(InputError, match="links a node twice"):
        read_export(path, ImportRequest(source="repo.car"))
