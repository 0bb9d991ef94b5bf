"""Config: YAML → a validated, typed model, every error with its file:line:col."""

from followscope_site.config.schema import AccountConfig, Config, LoadedConfig

__all__ = ["AccountConfig", "Config", "LoadedConfig"]
