"""Serve-time additions to HTML: the live-reload script, the build-error overlay and the 404 page's root (never
written to disk).

The pages' CSP allows only same-origin scripts and styles, so both are files served by the dev
server under /__followscope__/ rather than inline code (perf-security-browser.md §2.3); the error
text is escaped, since it can quote export content.
"""

from __future__ import annotations

import html
import re

from followscope_site.i18n import SOURCE_LANGUAGE
from followscope_site.site.locale import use_language
from followscope_site.site.words import _

PREFIX = "/__followscope__/"
SCRIPT_PATH = PREFIX + "livereload.js"
POLL_PATH = PREFIX + "poll"
OVERLAY_CSS_PATH = PREFIX + "overlay.css"
POLL_TIMEOUT_S = 25.0  # a long-poll answers after this long even without a change

LIVERELOAD_JS = """\
// FollowScope live reload: served by `followscope serve` only, never part of a built site.
// Long-polls for a new build epoch; stops while the tab is hidden or left (mkdocs#3389).
(function () {
  "use strict";
  var script = document.currentScript;
  var epoch = script ? script.getAttribute("data-epoch") : null;
  if (epoch === null) { return; }
  var active = null;
  var timer = null;
  function poll() {
    if (active || document.hidden) { return; }
    var mine = new AbortController();
    active = mine;
    fetch("__POLL__?epoch=" + encodeURIComponent(epoch), {signal: mine.signal, cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (text) {
        if (active !== mine) { return; }
        active = null;
        if (text.trim() !== epoch) { window.location.reload(); } else { poll(); }
      })
      .catch(function () {
        if (active !== mine) { return; }
        active = null;
        timer = window.setTimeout(poll, 2000);
      });
  }
  function stop() {
    window.clearTimeout(timer);
    if (active) { var old = active; active = null; old.abort(); }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); }
  });
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", poll);
  poll();
})();
""".replace("__POLL__", POLL_PATH)

OVERLAY_CSS = """\
/* FollowScope build-error overlay: served by `followscope serve` only. */
#followscope-build-error {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #2b0b0e; color: #ffe9ea; border-top: 4px solid #e5484d;
  font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
#followscope-build-error summary { cursor: pointer; font-weight: bold; font-size: 15px; }
#followscope-build-error pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: .75rem 0 .5rem; }
#followscope-build-error p { margin: 0; opacity: .85; }
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_HEAD_START = re.compile(rb"<head(\s[^>]*)?>", re.IGNORECASE)


_PAGE_LANGUAGE = re.compile(rb'<html[^>]*?\blang="([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)"')


def page_language(page: bytes) -> str:
    """The language a served page is written in (its <html lang>), so the overlay speaks it too."""
    found = _PAGE_LANGUAGE.search(page[:2048])
    return found.group(1).decode("ascii") if found else SOURCE_LANGUAGE


def overlay_html(error: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The overlay's words in the page's language; the error itself is the CLI's, in English."""
    with use_language(lang):
        title, hint = (_("FollowScope: the last rebuild failed"),
                       _("This is the last good site. Fix the problem and it reloads by itself."))
    return (f'<link rel="stylesheet" href="{OVERLAY_CSS_PATH}">'
            f'<details id="followscope-build-error" role="alert" open lang="{lang}">'
            f"<summary>{html.escape(title)}</summary>"
            f'<pre lang="en" dir="ltr">{html.escape(error)}</pre>'
            f"<p>{html.escape(hint)}</p></details>")


def script_html(epoch: int) -> str:
    return f'<script src="{SCRIPT_PATH}" data-epoch="{epoch}"></script>'


def inject(page: bytes, *, epoch: int | None, error: str | None) -> bytes:
    """The page with the overlay (when `error`) and the reload script (when `epoch`) before </body>."""
    extra = ""
    if error:
        extra += overlay_html(error, page_language(page))
    if epoch is not None:
        extra += script_html(epoch)
    if not extra:
        return page
    data = extra.encode("utf-8")
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + data
    at = matches[-1].start()
    return page[:at] + data + page[at:]


def rooted(page: bytes, mount: str) -> bytes:
    """The 404 page, answered for a missing URL at any depth, with its relative links read from the site's root.

    A site built without site_url writes them relative to the root (right from file:// and for the root's own
    404.html); the server knows where the site is mounted. The <base> goes first in <head>, before the page's
    CSP meta, whose `base-uri 'none'` applies only to what follows it.
    """
    match = _HEAD_START.search(page)
    if match is None:
        return page
    base = f'<base href="{html.escape(mount, quote=True)}">'.encode()
    return page[:match.end()] + base + page[match.end():]


def placeholder_page(error: str | None) -> bytes:
    """What every HTML URL shows while no good build exists yet."""
    text = "The site has not been built yet." if error else "The first build is running."
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>FollowScope</title>"
            f"<body><h1>FollowScope</h1><p>{text}</p></body></html>\n").encode()
