"""Make the bundled example exports: three dated Instagram exports of one synthetic account.

Run `python examples/make_examples.py` to rewrite `examples/exports/instagram/`. Every username is synthetic.
The exports tell a small story so every page of the site has something to show: followers split over two
files, following switching from generation A (June, September) to generation B (December, formats.md §1.3),
deleted placeholders, accounts you unfollowed, a blocked follower, a renamed follower, a burst of follows,
pending requests, close friends, and Threads data inside the December export. The December export was
requested with "All available information", so it also holds likes, comments and conversations: some
followers lost since September still show up there (or on Threads), which tells that they unfollowed rather
than left Instagram (docs/formats.md §2).
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from instagram_export import InstagramExport

OWNER = "demo.account"
OUT = Path(__file__).resolve().parent / "exports" / "instagram"
FIRST = ("anna", "ben", "carla", "dev", "elif", "farid", "greta", "hugo", "ines", "jonas", "kira", "lars", "mila",
         "noor", "omar", "pia", "quinn", "rosa", "sami", "tara", "ugo", "vera", "wim", "xena", "yuki", "zora")
WORDS = ("studio", "reads", "draws", "travels", "photo", "codes", "garden", "makes", "notes", "music", "films",
         "cooks", "runs", "knits", "climbs", "paints", "bakes", "sails", "hikes", "writes")
SEPARATORS = (".", "_", "")


def ts(year: int, month: int, day: int, hour: int = 12) -> int:
    return int(datetime(year, month, day, hour, tzinfo=UTC).timestamp())


def handles(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        name = f"{rng.choice(FIRST)}{rng.choice(SEPARATORS)}{rng.choice(WORDS)}{rng.randint(1, 999)}"
        if name not in taken:
            taken.add(name)
            found.append(name)
    return found


def spread(rng: random.Random, names: list[str], start: int, end: int) -> dict[str, int]:
    return {name: rng.randint(start, end) for name in names}


def newest_first(times: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(times.items(), key=lambda item: (-item[1], item[0]))


def main() -> None:
    rng = random.Random(20251210)
    taken: set[str] = {OWNER}
    early, june = ts(2019, 3, 1), ts(2025, 5, 30)
    fans = handles(rng, 9_560, taken)
    mutual = handles(rng, 600, taken)
    one_sided = handles(rng, 210, taken)
    brands = ["acme.studio", "globex.films", "initech.codes"]
    taken.update(brands)
    followers1 = spread(rng, fans + mutual, early, june)
    following1 = spread(rng, mutual + one_sided + brands, early, june)

    # June → September: some followers leave, new ones come, one follower renames (same follow time).
    september = ts(2025, 8, 30)
    lost2 = rng.sample(fans, 40)
    gained2 = handles(rng, 60, taken)
    followers2 = {h: t for h, t in followers1.items() if h not in lost2}
    followers2.update(spread(rng, gained2, june, september))
    renamed_from = fans[100]
    followers2["renamed.studio7"] = followers2.pop(renamed_from)
    dropped2 = rng.sample(one_sided, 15)
    new2 = handles(rng, 25, taken)
    following2 = {h: t for h, t in following1.items() if h not in dropped2}
    following2.update(spread(rng, new2, june, september))

    # September → December: you unfollow some (the platform lists them), block one follower, three followed
    # accounts are deleted (placeholders), a burst of 60 follows on one day, followers grow past 10,000.
    december = ts(2025, 12, 9)
    remaining_one_sided = [h for h in one_sided if h not in dropped2]
    you_unfollowed = rng.sample(remaining_one_sided, 12)
    blocked_follower = gained2[0]
    lost3 = [*rng.sample([h for h in fans if h in followers2 and h != renamed_from], 35), blocked_follower]
    gained3 = handles(rng, 140, taken)
    followers3 = {h: t for h, t in followers2.items() if h not in lost3}
    followers3.update(spread(rng, gained3, september, december))
    burst = handles(rng, 60, taken)
    following3 = {h: t for h, t in following2.items() if h not in you_unfollowed}
    burst_day = ts(2025, 11, 14, 20)
    following3.update({h: burst_day - i * 37 for i, h in enumerate(burst)})
    following3.update({h: rng.randint(september, december) for h in gained3[:30]})
    gone = rng.sample([h for h in mutual if h in following3], 3)
    for index, handle in enumerate(gone):
        placeholder = "__deleted__" + "".join(rng.choice("abcdefghij") for _ in range(18))
        following3[placeholder] = following3.pop(handle)
        followers3.pop(handle, None)
        if index == 0:
            followers3[placeholder] = followers1.get(handle, june)
    alive_mutuals = [h for h in mutual if h in followers3 and h in following3]

    # What the December export shows of the followers lost since September: some still follow you on Threads,
    # some you liked, commented on or talked to. Deleted accounts leave no such trace.
    lost_fans = [h for h in lost3 if h != blocked_follower]
    on_threads, liked_lost, commented_lost, talked_lost = (lost_fans[:5], lost_fans[5:9], lost_fans[9:11],
                                                           lost_fans[11:12])
    one_sided_now = [h for h in following3 if h in one_sided and h not in followers3]
    favourites = one_sided_now[:2]  # one-sided follows you interact with a lot
    owners = rng.sample(alive_mutuals, 60) + one_sided_now[2:12] + liked_lost
    likes = [(owner, rng.randint(september, december)) for owner in owners for _ in range(rng.randint(1, 4))]
    likes += [(owner, rng.randint(september, december)) for owner in favourites for _ in range(9)]
    comments = [(owner, rng.randint(september, december))
                for owner in rng.sample(alive_mutuals, 20) + commented_lost + favourites]
    chatty_fan = next(h for h in fans if h in followers3 and h not in lost3)
    people = [*rng.sample(alive_mutuals, 5), chatty_fan, *favourites[:1], *talked_lost]
    conversations = []
    for person in people:
        start = rng.randint(september, december) * 1000
        count = 14 if person == chatty_fan else rng.randint(2, 9)
        messages = [(i % 2 == 0 or person == chatty_fan, start - i * 3_600_000, "see you there")
                    for i in range(count)]
        conversations.append((person, rng.randint(10**16, 10**17 - 1), messages))

    exports = [
        ("2025-06-01-Jx4Tq2Lm", InstagramExport(newest_first(followers1), newest_first(following1), "A")),
        ("2025-09-01-Rb7Wc9Np", InstagramExport(newest_first(followers2), newest_first(following2), "A")),
        ("2025-12-10-WhK3mZ8s", InstagramExport(
            newest_first(followers3), newest_first(following3), "B",
            pending_sent=newest_first(spread(rng, handles(rng, 6, taken), september, december)),
            recently_unfollowed=newest_first(spread(rng, you_unfollowed, september, december)),
            close_friends=newest_first(spread(rng, rng.sample(alive_mutuals, 12), early, december)),
            blocked=[(blocked_follower, ts(2025, 11, 2))],
            restricted=newest_first(spread(rng, rng.sample(fans[200:], 2), june, december)),
            hidden_story=newest_first(spread(rng, rng.sample(fans[300:], 3), june, december)),
            threads_followers=newest_first(spread(rng, rng.sample(alive_mutuals, 90) + on_threads + rng.sample(
                [h for h in fans if h in followers3], 55), ts(2023, 7, 6), december)),
            threads_following=newest_first(spread(rng, rng.sample(alive_mutuals, 70) + handles(rng, 20, taken),
                                                  ts(2023, 7, 6), december)),
            liked_posts=sorted(likes, key=lambda item: (-item[1], item[0])),
            comments=sorted(comments, key=lambda item: (-item[1], item[0])),
            conversations=conversations,
        )),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("instagram-*.zip"):
        old.unlink()
    for suffix, export in exports:
        path = export.write_zip(OUT / f"instagram-{OWNER}-{suffix}.zip")
        print(f"{path.relative_to(OUT.parent.parent.parent)}: {len(export.followers):,} followers, "
              f"{len(export.following):,} following")


if __name__ == "__main__":
    main()
