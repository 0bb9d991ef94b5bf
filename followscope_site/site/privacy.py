"""The public privacy mode: other people's handles become keyed, stable pseudonyms before any page is built.

Applied to the Report itself, so pages, downloads and report.json can't disagree (SPEC "report.json":
"in the pages and in this file alike"). Display names, notes and raw engagement signals are left out.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import replace
from pathlib import Path

from followscope_site.analysis.balance import Balance
from followscope_site.analysis.engagement import Engagement
from followscope_site.analysis.evidence import lost
from followscope_site.analysis.report import AccountReport, Change, LostAccount, Overlap, Report
from followscope_site.errors import OutputError
from followscope_site.model import AccountList, Entry, Snapshot, is_deactivated

KEY_FILE = Path(".followscope-pseudonym-key")  # beside the config, not in the disposable cache
KEY_BYTES = 32
KEY_ENV = "FOLLOWSCOPE_PSEUDONYM_KEY"


def pseudonym(key: bytes, account_id: str, handle: str) -> str:
    """`account-<12 hex>`: HMAC-SHA256 under the site's secret, so nobody without the key can test a
    guessed handle; stable per (key, account, handle); 48 bits keep 1M handles free of collisions."""
    digest = hmac.new(key, f"{account_id}\n{handle}".encode(), hashlib.sha256).hexdigest()
    return f"account-{digest[:12]}"


def pseudonym_key(base_dir: Path) -> bytes:
    """The site's secret, `.followscope-pseudonym-key` beside the config: made on first use (0600),
    then read on every build so that pseudonyms stay the same from one build to the next.

    A build in a fresh checkout (GitHub Actions) has no key file: it takes the key from KEY_ENV
    (64 hex digits, e.g. a repository secret) instead, so its pseudonyms match the local builds.
    """
    given = os.environ.get(KEY_ENV, "").strip()
    if given:
        try:
            key = bytes.fromhex(given)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise OutputError(f"${KEY_ENV}", f"is not {KEY_BYTES * 2} hex digits",
                              f"copy it from `{KEY_FILE.as_posix()}` with: xxd -p -c 64 {KEY_FILE.as_posix()}")
        return key
    path = base_dir / KEY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = _create_key(path)
    except OSError as exc:
        raise OutputError(path, f"cannot read the pseudonym key: {exc.strerror or exc}",
                          "check the folder's permissions") from None
    if len(data) != KEY_BYTES:
        raise OutputError(path, f"the pseudonym key holds {len(data)} bytes, not {KEY_BYTES}",
                          "delete the file to make a new key (every pseudonym will change)")
    return data


def _create_key(path: Path) -> bytes:
    """Written under a temporary name and linked into place, so two builds at once agree on one key."""
    key = secrets.token_bytes(KEY_BYTES)
    temp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        try:
            os.link(temp, path)
        except FileExistsError:
            key = path.read_bytes()  # another build made it first: use theirs
    except OSError as exc:
        raise OutputError(path, f"cannot create the pseudonym key: {exc.strerror or exc}",
                          "make the config's folder writable, or build in private mode") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return key


class _Mapper:
    def __init__(self, key: bytes, account_id: str) -> None:
        self.key = key
        self.account_id = account_id
        self.names: dict[str, str] = {}

    def __call__(self, handle: str) -> str:
        found = self.names.get(handle)
        if found is None:
            # `__deleted__…` placeholders name nobody and must stay recognisable (formats.md §1.1)
            found = handle if is_deactivated(handle) else pseudonym(self.key, self.account_id, handle)
            self.names[handle] = found
        return found

    def entries(self, accounts: AccountList) -> AccountList:
        return {(p := self(h)): Entry(p, e.timestamp, None) for h, e in accounts.items()}

    def lost(self, item: LostAccount) -> LostAccount:
        # the detail of a rename names the new handle: rebuilt from the pseudonym, never copied; every other
        # detail is fixed wording from analysis/evidence.py (place keys: where the account was seen), no handle
        if item.detail_key == "renamed" and item.detail_args:
            return lost(self(item.handle), item.reason, item.certainty, "renamed", self(item.detail_args[0]))
        keep = item.reason != "renamed" and item.detail_key != "renamed"
        return LostAccount(self(item.handle), item.reason, item.certainty, item.detail if keep else None,
                           item.detail_key if keep else None, item.detail_args if keep else ())

    def handles(self, handles: list[str] | None) -> list[str] | None:
        return None if handles is None else sorted(map(self, handles))

    def losses(self, items: list[LostAccount] | None) -> list[LostAccount] | None:
        return None if items is None else sorted(map(self.lost, items), key=lambda x: x.handle)

    def pairs(self, items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return [(self(h), n) for h, n in items]


# A value a warning quotes, as repr() writes it ('x' or "x", with backslash escapes): a refused handle, a
# member name. Only where a quote cannot be an apostrophe: not after or before a letter or digit.
_QUOTED = re.compile(r"""(?<!\w)(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?!\w)""")


def public_warning(text: str) -> str:
    """A warning without the values it quotes (the handles an importer refused are raw export text, and they
    are nobody's pseudonym): each becomes '…'."""
    return _QUOTED.sub("'…'", text)


def _snapshot(snapshot: Snapshot, mapper: _Mapper) -> Snapshot:
    lists = {name: mapper.entries(accounts) for name, accounts in snapshot.lists.items()}
    return replace(snapshot, lists=lists, signals={}, warnings=[public_warning(w) for w in snapshot.warnings])


def _change(change: Change, m: _Mapper) -> Change:
    return Change(
        from_date=change.from_date, to_date=change.to_date, from_source=change.from_source,
        to_source=change.to_source,
        gained_followers=m.handles(change.gained_followers), lost_followers=m.losses(change.lost_followers),
        new_following=m.handles(change.new_following), dropped_following=m.losses(change.dropped_following),
        became_mutual=m.handles(change.became_mutual), became_one_sided=m.handles(change.became_one_sided),
        notes=list(change.notes), note_forms=list(change.note_forms),
        possible_renames=sorted((m(old), m(new)) for old, new in change.possible_renames),
        compared_from=dict(change.compared_from),  # export file names, not handles
    )


def _balance(balance: Balance, m: _Mapper) -> Balance:
    # the order of `unanswered` (longest first) carries the facts; ties are re-sorted by pseudonym
    return replace(balance, unanswered=sorted(m.pairs(balance.unanswered), key=lambda x: (-x[1], x[0])),
                   unanswered_undated=sorted(map(m, balance.unanswered_undated)),
                   within_grace=sorted(map(m, balance.within_grace)))


def _engagement(engagement: Engagement, m: _Mapper) -> Engagement:
    def most_first(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return sorted(m.pairs(items), key=lambda x: (-x[1], x[0]))

    return replace(engagement, interactions=dict(sorted(m.pairs(list(engagement.interactions.items())))),
                   mutuals_never_interact=sorted(map(m, engagement.mutuals_never_interact)),
                   one_sided_high_interaction=most_first(engagement.one_sided_high_interaction),
                   followers_who_message_you=most_first(engagement.followers_who_message_you))


def _extra(extra: dict[str, object], m: _Mapper) -> dict[str, object]:
    """Balance and engagement with handles mapped; anything unknown is dropped rather than risked."""
    out: dict[str, object] = {}
    balance = extra.get("balance")
    if isinstance(balance, Balance):
        out["balance"] = _balance(balance, m)
    history = extra.get("balance_history")
    if isinstance(history, list):
        out["balance_history"] = [_balance(b, m) for b in history if isinstance(b, Balance)]
    engagement = extra.get("engagement")
    if isinstance(engagement, Engagement):
        out["engagement"] = _engagement(engagement, m)
    if "engagement" in extra and engagement is None:
        out["engagement"] = None
    duplicates = extra.get("duplicates")
    if isinstance(duplicates, list):
        out["duplicates"] = list(duplicates)  # export file names, not handles
    return out


def public_account(account: AccountReport, key: bytes) -> AccountReport:
    """The account with every other person's handle replaced; the owner's own handle stays."""
    m = _Mapper(key, account.id)
    return replace(
        account,
        identifier="pseudonym",  # links.profile_url builds no link for a pseudonym
        snapshots=[_snapshot(s, m) for s in account.snapshots],
        categories={k: sorted(map(m, handles)) for k, handles in account.categories.items()},
        changes=[_change(c, m) for c in account.changes],
        tags={m(h): t for h, t in account.tags.items()},
        notes={},
        extra=_extra(account.extra, m),
        positions={},  # the pseudonyms sort differently
    )


def _overlap(overlap: Overlap, key: bytes) -> Overlap:
    left, right = _Mapper(key, overlap.left), _Mapper(key, overlap.right)

    def mapped(handles: list[str] | None, m: _Mapper) -> list[str] | None:
        return None if handles is None else sorted(map(m, handles))

    return replace(
        overlap,
        followers_both=mapped(overlap.followers_both, left),
        followers_only_left=mapped(overlap.followers_only_left, left),
        followers_only_right=mapped(overlap.followers_only_right, right),
        following_both=mapped(overlap.following_both, left),
        following_only_left=mapped(overlap.following_only_left, left),
        following_only_right=mapped(overlap.following_only_right, right),
    )


def public_report(report: Report, key: bytes) -> Report:
    """The report with every other person's handle pseudonymised (`site.privacy: public`)."""
    return replace(report, accounts=[public_account(a, key) for a in report.accounts],
                   overlaps=[_overlap(o, key) for o in report.overlaps],
                   warnings=[public_warning(w) for w in report.warnings])
