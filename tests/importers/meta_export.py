"""Write Meta export files byte-faithfully (formats.md §0.1, §1.6) for fixtures and generated tests."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def mojibake(text: str) -> str:
    """Meta's bug: each UTF-8 byte becomes its own character (formats.md §0.2)."""
    return text.encode("utf-8").decode("latin-1")


def meta_dumps(value: Any, level: int = 0) -> str:
    """2-space indent, `": "`, ASCII with \\u escapes, an empty array across three lines with a spaces line."""
    pad = "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}  {json.dumps(k)}: {meta_dumps(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return f"[\n{pad}  \n{pad}]"
        items = [f"{pad}  {meta_dumps(v, level + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    if isinstance(value, str):
        return json.dumps(mojibake(value), ensure_ascii=True)
    return json.dumps(value)


def write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(meta_dumps(value).encode("ascii"))  # no trailing newline, as Meta writes it


def gen_a(handle: str, timestamp: int | None, host: str = "https://www.instagram.com/") -> dict[str, Any]:
    """followers_N.json and most lists: empty title, `value`, plain href (formats.md §1.2)."""
    item: dict[str, Any] = {"href": host + handle, "value": handle}
    if timestamp is not None:
        item["timestamp"] = timestamp
    return {"title": "", "media_list_data": [], "string_list_data": [item]}


def gen_b(handle: str, timestamp: int | None) -> dict[str, Any]:
    """following.json since late 2025: username in title, `/_u/` href, no value (formats.md §1.3)."""
    item: dict[str, Any] = {"href": "https://www.instagram.com/_u/" + handle}
    if timestamp is not None:
        item["timestamp"] = timestamp
    return {"title": handle, "string_list_data": [item]}


def html_date(timestamp: int) -> str:
    """`Nov 02, 2025 1:55 am`: zero-padded day, unpadded 12-hour clock, lowercase am/pm (formats.md §1.6)."""
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    hour = when.hour % 12 or 12
    return f"{when:%b %d, %Y} {hour}:{when:%M} {'am' if when.hour < 12 else 'pm'}"


_HEAD = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><base href="../../" />'
         '<style type="text/css" nonce="fx1">\nbody{margin:0}\n._a6-g{padding:8px}\n</style><title>{title}</title>'
         '</head>')
_BODY = ('<body class="_5vb_ _2yq _a7o5"><div class="_li"><div class="_as_0" style="background:white"><img '
         'src="files/Instagram-Logo.png" height="28" alt="Instagram" style="position: absolute;left: 42px;top: 15px;"'
         ' /></div><div class="_a705"><header class="_as-_ _a70a" aria-labelledby="u_0_30_z2"><div class="_a70d">'
         '<h1 id="u_0_30_z2">{title}</h1></div></header><main class="_a706" role="main">{entries}</main>'
         '<a href="https://help.instagram.com/181231772500920">Learn more</a>'
         '<a href="https://www.instagram.com/accounts/privacy_and_security/">Privacy</a></div></div></body></html>')


def html_page(title: str, entries: list[tuple[str, int | None]], h2: bool) -> str:
    """A 2025 HTML export page: anchor-text entries, or `<h2>` + `/_u/` href with the URL as link text."""
    blocks = []
    for handle, timestamp in entries:
        date = f"<div>{html_date(timestamp)}</div>" if timestamp is not None else ""
        if h2:
            url = "https://www.instagram.com/_u/" + handle
            blocks.append('<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder"><h2 class="_3-95 _2pim _a6-h _a6-i">'
                          f'{handle}</h2><div class="_a6-p"><div><div><a target="_blank" href="{url}">{url}</a>'
                          f'</div>{date}</div></div></div>')
        else:
            blocks.append('<div class="pam _3-95 _2ph- _a6-g uiBoxWhite noborder"><div class="_a6-p"><div><div>'
                          f'<a target="_blank" href="https://www.instagram.com/{handle}">{handle}</a></div>{date}'
                          '</div></div></div>')
    return _HEAD.replace("{title}", title) + _BODY.replace("{title}", title).replace("{entries}", "".join(blocks))


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip a checked-in fixture folder as Meta does: no top folder, no directory entries."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return target
