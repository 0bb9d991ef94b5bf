"""Config: YAML → a validated, typed model, every error with its file:line:col."""

from followscope_site.config.loader import DEFAULT_NAMES, find_config, load_config
from followscope_site.config.schema import AccountConfig, Config, LoadedConfig

__all__ = ["DEFAULT_NAMES", "AccountConfig", "Config", "LoadedConfig", "find_config", "load_config"]
