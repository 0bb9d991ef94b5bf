"""The `followscope` logger, level set by -q/-v: information on stdout, the rest on stderr.

stderr carries only what a script must see (`followscope: warning: …` and `followscope: error: …` lines, and
-v's debug lines); progress and summaries go to stdout, so they can never come before an error on stderr.
"""

from __future__ import annotations

import logging

import click

from followscope_site.terminal import safe_line

LOGGER_NAME = "followscope"
_PREFIX = {logging.DEBUG: "followscope: debug: ", logging.WARNING: "followscope: warning: ",
           logging.ERROR: "followscope: error: ", logging.CRITICAL: "followscope: error: "}


class _ConsoleHandler(logging.Handler):
    """Writes to the current sys.stdout (INFO) or sys.stderr (the rest) on each record, so click's test
    runner and redirects see it; click.echo flushes, so a merged log keeps the order of events.

    Each record is one line, made safe for the terminal (terminal.py): messages quote export text.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(safe_line(self.format(record)), err=record.levelno != logging.INFO)
        except Exception:  # a closed stream must not turn a log line into a crash
            self.handleError(record)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _PREFIX.get(record.levelno, "") + record.getMessage()


def configure(quiet: bool = False, verbose: bool = False) -> logging.Logger:
    """Set up (once) and level the `followscope` logger: INFO by default, ERROR with -q, DEBUG with -v."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h, _ConsoleHandler) for h in logger.handlers):
        handler = _ConsoleHandler()
        handler.setFormatter(_Formatter())
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO)
    return logger


def get_logger(name: str) -> logging.Logger:
    """`followscope.<name>`, for the other modules."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}")
