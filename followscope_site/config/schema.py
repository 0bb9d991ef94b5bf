"""The config file's schema: every key, its type and its default (what a new user would choose).

Unknown keys are errors with a "did you mean" (`extra="forbid"`); paths stay as written here and
are resolved against the config file's folder by the loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Platform = Literal["instagram", "threads", "facebook", "tiktok", "x", "bluesky", "mastodon", "linkedin", "csv"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CsvOptions(_Strict):
    """The generic CSV importer: which files and which column hold the handle."""

    followers: str | None = None  # file name inside the export folder
    following: str | None = None
    handle_column: str = "handle"
    date_column: str | None = None


class AccountConfig(_Strict):
    """One account: where its exports are and how to treat its accounts."""

    exports: Path  # an export zip, an unzipped export folder, or a folder of dated exports
    platform: Platform | None = None  # detected when omitted
    handle: str | None = None  # the account's own handle when the export doesn't say
    label: str | None = None  # how the site names this account
    allowlist: list[str] | Path = Field(default_factory=list)  # fine not to follow back (brands, public figures)
    ignore: list[str] | Path = Field(default_factory=list)  # left out of every list and count
    tags: dict[str, list[str]] = Field(default_factory=dict)  # handle -> tags shown on the site
    notes: dict[str, str] = Field(default_factory=dict)  # handle -> a note shown on the site
    aliases: dict[str, str] = Field(default_factory=dict)  # handle here -> the same person's handle elsewhere
    csv: CsvOptions | None = None


class SiteConfig(_Strict):
    """The generated site."""

    title: str = "FollowScope"
    output: Path = Path("site")  # relative to the config file
    theme: str = "default"
    templates: Path | None = None  # a folder whose templates override the built-in ones by name
    site_url: str | None = None  # e.g. https://alice.github.io/followers/ (canonical links, sitemap, 404)
    privacy: Literal["private", "public"] = "private"
    page_size: int = Field(default=100, ge=50, le=10000)  # rows on each page of a list


class AnalysisConfig(_Strict):
    """Thresholds of the analysis and of the findings it raises."""

    grace_days: int = Field(default=7, ge=0)  # recent follows are not flagged as not following back
    burst_per_day: int = Field(default=50, ge=1)  # follows or unfollows in one day that count as a burst
    following_cap_warning: float = Field(default=0.9, gt=0, le=1)  # share of the platform's cap
    low_follow_back_rate: float = Field(default=0.5, ge=0, le=1)
    low_followed_back_rate: float = Field(default=0.5, ge=0, le=1)
    ratio_low: float = Field(default=0.5, ge=0)
    ratio_high: float = Field(default=2.0, ge=0)
    high_interaction: int = Field(default=10, ge=1)  # likes + comments + messages that count as "a lot"


class LimitsConfig(_Strict):
    """Resource bounds that keep a hostile file from exhausting memory."""

    max_file_mb: int = Field(default=1024, ge=1)
    max_total_mb: int = Field(default=4096, ge=1)
    max_members: int = Field(default=200_000, ge=1)
    max_ratio: int = Field(default=200, ge=2)
    max_entries: int = Field(default=20_000_000, ge=1)


class WatchConfig(_Strict):
    """watch and serve."""

    quiet_ms: int = Field(default=300, ge=0)  # wait this long without events before rebuilding
    poll: bool = False
    poll_interval_s: float = Field(default=1.0, gt=0)


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
