"""The config file's schema: every key, its type and its default (what a new user would choose).

Unknown keys are errors with a "did you mean" (`extra="forbid"`); paths stay as written here and
are resolved against the config file's folder by the loader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from followscope_site.errors import excerpt
from followscope_site.i18n import SOURCE_LANGUAGE, language_codes
from followscope_site.model import UNSAFE_TEXT, handle_problem, normalize_handle

Platform = Literal["instagram", "threads", "facebook", "tiktok", "x", "bluesky", "mastodon", "linkedin", "csv"]


# Text from the config reaches page titles, report.json and file names: YAML's escapes ("\0", "\u202e") can
# write any character, so control and text-direction characters are refused here, with the line they are on.
def _safe_text(value: str) -> str:
    if UNSAFE_TEXT.search(value):
        raise ValueError("holds a control or text-direction character (such as a NUL, a line break or U+202E)")
    return value


def _note_text(value: str) -> str:
    return _safe_text(value.replace("\n", " ").replace("\t", " "))  # a note may span lines


def _handle(value: str) -> str:
    problem = handle_problem(normalize_handle(value), names=True)  # Facebook and LinkedIn accounts are names
    if problem:
        raise ValueError(f"is not a usable handle: {problem}")
    return value


def _safe_path(value: Path) -> Path:
    _safe_text(str(value))
    try:
        value.expanduser()
    except RuntimeError:  # `~name/…` for a user this machine does not know
        raise ValueError(f"starts with {str(value).split('/', 1)[0][:40]!r}, but there is no such user's home "
                         "folder here") from None
    return value


def _site_url(value: str) -> str:
    """An http(s) URL, normalised: lower-case scheme and host, no `//` in the path, ending with '/'."""
    _safe_text(value)
    text = value.strip()
    if any(c.isspace() for c in text):
        raise ValueError("holds a space; write the URL of the published site, e.g. https://alice.github.io/followers/")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018  # raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError("is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError("must be an http:// or https:// URL of the published site, e.g. "
                         "https://alice.github.io/followers/")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not hold a user name or password")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ValueError("must not hold a query (?) or a fragment (#)")
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if not path.endswith("/"):
        path += "/"
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme.lower(), netloc.lower(), path, "", ""))


def _language(value: str) -> str:
    """A language the site can be written in: one with a folder under followscope_site/locale/ (or English)."""
    codes = language_codes()
    code = value.strip().lower()
    if code not in codes:
        raise ValueError(f"is not a language the site can be written in; choose one of: {', '.join(codes)} "
                         f"(got {excerpt(value)})")
    return code


SafeText = Annotated[str, AfterValidator(_safe_text), Field(max_length=200)]
NoteText = Annotated[str, AfterValidator(_note_text), Field(max_length=10_000)]
Handle = Annotated[str, AfterValidator(_handle)]
LanguageCode = Annotated[str, AfterValidator(_language)]
SafePath = Annotated[Path, AfterValidator(_safe_path)]


class _Strict(BaseModel):
    # allow_inf_nan=False: `.inf` and `.nan` are YAML floats, and no setting means either
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class CsvOptions(_Strict):
    """The generic CSV importer: which files and which column hold the handle."""

    followers: str | None = None  # file name inside the export folder
    following: str | None = None
    handle_column: str = "handle"
    date_column: str | None = None


class AccountConfig(_Strict):
    """One account: where its exports are and how to treat its accounts."""

    exports: SafePath  # an export zip, an unzipped export folder, or a folder of dated exports
    platform: Platform | None = None  # detected when omitted
    handle: Handle | None = None  # the account's own handle when the export doesn't say
    label: SafeText | None = None  # how the site names this account
    # handles may be written with one leading @ ("@acme"), here and in tags, notes and aliases
    allowlist: list[Handle] | SafePath = Field(default_factory=list)  # fine not to follow back (brands, public figures)
    ignore: list[Handle] | SafePath = Field(default_factory=list)  # left out of every list and count
    tags: dict[Handle, list[SafeText]] = Field(default_factory=dict)  # handle -> tags shown on the site
    notes: dict[Handle, NoteText] = Field(default_factory=dict)  # handle -> a note shown on the site
    aliases: dict[Handle, Handle] = Field(default_factory=dict)  # handle here -> the same person's handle elsewhere
    csv: CsvOptions | None = None


# Every number has an upper bound too: a limit of 10^23 MiB overflowed a C size when reading, and a huge wait
# overflows a timer. The bounds are far above any real use.
class SiteConfig(_Strict):
    """The generated site."""

    title: SafeText = "FollowScope"
    output: SafePath = Path("site")  # relative to the config file
    theme: SafeText = "default"
    templates: SafePath | None = None  # a folder whose templates override the built-in ones by name
    site_url: Annotated[str, AfterValidator(_site_url)] | None = None  # e.g. https://alice.github.io/followers/
    privacy: Literal["private", "public"] = "private"
    page_size: int = Field(default=100, ge=50, le=10000)  # rows on each page of a list
    # The language of the pages (`en` when neither is given). With `languages`, the site is written in each:
    # the default (`language`, else the first listed) at the root, every other one in a folder of its code.
    language: LanguageCode | None = None
    languages: list[LanguageCode] | None = Field(default=None, min_length=1)

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if value is None:
            return None
        twice = sorted({c for c in value if value.count(c) > 1})
        if twice:
            raise ValueError(f"lists {', '.join(twice)} more than once")
        chosen = info.data.get("language")
        if chosen is not None and chosen not in value:
            raise ValueError(f"must include site.language ({chosen}), the language at the site's root; "
                             f"add it, or leave site.language out to make the first one the default")
        return value

    @property
    def site_languages(self) -> list[str]:
        """Every language of the site, the default (at the root) first."""
        default = self.language or (self.languages[0] if self.languages else SOURCE_LANGUAGE)
        return [default, *(c for c in self.languages or () if c != default)]


class AnalysisConfig(_Strict):
    """Thresholds of the analysis and of the findings it raises."""

    grace_days: int = Field(default=7, ge=0, le=36_500)  # recent follows are not flagged as not following back
    burst_per_day: int = Field(default=50, ge=1, le=10**9)  # follows or unfollows in one day that count as a burst
    following_cap_warning: float = Field(default=0.9, gt=0, le=1)  # share of the platform's cap
    low_follow_back_rate: float = Field(default=0.5, ge=0, le=1)
    low_followed_back_rate: float = Field(default=0.5, ge=0, le=1)
    ratio_low: float = Field(default=0.5, ge=0, le=10**6)
    ratio_high: float = Field(default=2.0, ge=0, le=10**6)
    high_interaction: int = Field(default=10, ge=1, le=10**9)  # likes + comments + messages that count as "a lot"


class LimitsConfig(_Strict):
    """Resource bounds that keep a hostile file from exhausting memory."""

    max_file_mb: int = Field(default=1024, ge=1, le=1024 * 1024)
    max_total_mb: int = Field(default=4096, ge=1, le=1024 * 1024)
    max_members: int = Field(default=200_000, ge=1, le=100_000_000)
    max_ratio: int = Field(default=200, ge=2, le=1_000_000)
    max_entries: int = Field(default=20_000_000, ge=1, le=10**10)


class WatchConfig(_Strict):
    """watch and serve."""

    quiet_ms: int = Field(default=300, ge=0, le=3_600_000)  # wait this long without events before rebuilding
    poll: bool = False
    poll_interval_s: float = Field(default=1.0, gt=0, le=3600)


class Config(_Strict):
    """The whole config file."""

    accounts: list[AccountConfig] = Field(min_length=1)
    site: SiteConfig = Field(default_factory=SiteConfig)
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    watch: WatchConfig = Field(default_factory=WatchConfig)


class LoadedConfig(BaseModel):
    """A validated config plus where it came from; paths here are already absolute."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    path: Path  # the config file
    config: Config

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def resolve(self, value: Path | str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else (self.base_dir / p)

    def output_dir(self, override: Path | None = None) -> Path:
        """The site folder: `-o` when given, else `site.output`."""
        return override if override is not None else self.resolve(self.config.site.output)

    def display(self, value: Path | str) -> str:
        """A path as messages show it: relative to the config folder when it is inside it."""
        p = self.resolve(value)
        try:
            return p.relative_to(self.base_dir).as_posix()
        except ValueError:
            return str(p)
