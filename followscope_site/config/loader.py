"""Read a YAML config into a validated Config, reporting every problem as `file:line:col: key.path: message`.

PyYAML's `safe_load` would lose the node positions, silently keep the last of two duplicate keys and
expand a billion-laughs alias bomb, so the loader only composes the node tree (which constructs nothing)
and builds the Python values itself, with limits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from followscope_site import local_files
from followscope_site.config.problems import KeyPath, Where, at, quoted, validation_problems
from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.errors import ConfigError

DEFAULT_NAMES = ("followscope.yaml", "followscope.yml", "sample_config.yaml")
MAX_NODES = 100_000  # values built, aliases expanded; a real config has a few hundred
MAX_DEPTH = 64
MAX_BYTES = 16 * 1024 * 1024
MAX_NUMBER_LENGTH = 100

_TAG = "tag:yaml.org,2002:"
# Scalar tags that are plain data; everything else (python/*, binary, set, omap, custom `!x`) is refused.
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NUMBER_TAGS = {f"{_TAG}int", f"{_TAG}float"}
_REFUSED = object()  # stands in for a refused value so that validation does not report it a second time


class _Loader(yaml.SafeLoader):
    """SafeLoader's scanner, parser, composer and tag resolver; used only to compose, never to construct."""


def find_config(folder: Path) -> Path:
    """The config to use when no -c is given: the first of DEFAULT_NAMES in `folder`."""
    for name in DEFAULT_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise ConfigError(None, f"no config file found (looked for {', '.join(DEFAULT_NAMES)} in {folder})",
                      "pass one with -c, or run `followscope init` to write one")


def load_config(path: Path) -> LoadedConfig:
    """Read, parse and validate a config file; raise ConfigError listing every problem found."""
    shown = str(path)
    text = _read_text(path, shown)
    root = _compose(text, shown)
    if root is None:
        raise ConfigError(shown, "the config file is empty",
                          "it needs at least `accounts:` with one `- exports: …` entry; "
                          "`followscope init` writes a starter config")
    if not isinstance(root, MappingNode):
        line = at(shown, root.start_mark, (), f"the top level must be keys such as `accounts:`, "
                   f"got {_describe_node(root)}")
        raise ConfigError(shown, "1 error(s) in the config", "fix the line below", details=[line])
    builder = _Builder(shown)
    data = builder.build(root, ())
    problems = list(builder.problems)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, data, builder.refused, builder.where, shown))
    else:
        if not problems:
            return LoadedConfig(path=path.expanduser().resolve(), config=config)
    problems.sort(key=lambda p: p[0])
    details = [line for _, line in problems]
    raise ConfigError(shown, f"{len(details)} error(s) in the config",
                      "fix the line(s) below" if len(details) > 1 else "fix the line below", details=details)


def _read_text(path: Path, shown: str) -> str:
    try:
        raw = local_files.read_regular(path, MAX_BYTES)  # never a pipe or a device: those would block or not end
    except local_files.FileProblem as exc:
        if exc.reason == "missing":
            raise ConfigError(shown, "no such config file", "run `followscope init` to write one") from None
        if exc.reason == "folder":
            raise ConfigError(shown, "is a folder, not a config file", "pass the YAML file itself with -c") from None
        if exc.reason == "too_big":
            raise ConfigError(shown, f"the config file is larger than {MAX_BYTES // 1024 // 1024} MB",
                              "put long handle lists in files of their own") from None
        raise ConfigError(shown, f"cannot read the config file ({exc.problem})", exc.hint) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"))
        raise ConfigError(shown, f"not UTF-8 text (a byte that is not UTF-8 at line {line}, column {col})",
                          "save the config as UTF-8") from None


def _compose(text: str, shown: str) -> Node | None:
    loader: _Loader | None = None
    try:
        _check_depth(text, shown)
        loader = _Loader(text)  # the reader rejects control characters here, before any parsing
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _syntax_message(exc, text)
        line = f"{shown}:{mark.line + 1}:{mark.column + 1}: {message}" if mark else f"{shown}: {message}"
        raise ConfigError(shown, "the config is not valid YAML", "fix the line below", details=[line]) from None
    except yaml.reader.ReaderError as exc:
        line_no, col = _line_col(text[: exc.position])
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ConfigError(shown, "the config is not valid YAML", "fix the line below",
                          details=[f"{shown}:{line_no}:{col}: a control character (U+{code:04X}) that YAML "
                                   "does not allow"]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(shown, f"the config is not valid YAML ({exc})") from None
    finally:
        if loader is not None:
            loader.dispose()


def _check_depth(text: str, shown: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing: PyYAML's composer recurses once per level, so
    `[[[[…` a few thousand deep raised RecursionError. The parser's events come without recursion."""
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    what = f"values nested more than {MAX_DEPTH} levels deep"
                    raise ConfigError(shown, f"the config has {what}", "a config is a few levels deep",
                                      details=[at(shown, event.start_mark, (), f"stopped here: {what}")])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or "invalid YAML"
    reserved = re.match(r"found character '([@`])' that cannot start any token", problem)
    if reserved and exc.problem_mark is not None:
        # `- @handle`: YAML reserves @ and ` at the start of a plain value; quoting is the whole fix
        value = text.splitlines()[exc.problem_mark.line][exc.problem_mark.column:].split(" #", 1)[0].strip()
        suggestion = f" (write \"{value[:80]}\")" if value and '"' not in value and "\\" not in value else ""
        return (f"a value that starts with {reserved.group(1)} must be quoted in YAML{suggestion}; "
                "handles may be written with or without the @")
    if "'\\t'" in problem:
        return "a tab character; YAML indents with spaces only"
    if problem == "expected a single document in the stream, but found another document":
        return "a second YAML document (`---`); the config is a single document"
    return f"{problem} ({exc.context})" if exc.context else problem


class _Builder:
    """Builds plain Python values from composed nodes, remembering where each value was written."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.where: dict[KeyPath, Where] = {}
        self.problems: list[tuple[tuple[int, int], str]] = []
        self.refused: set[KeyPath] = set()
        self.count = 0

    def problem(self, mark: yaml.Mark, path: KeyPath, message: str) -> None:
        self.problems.append(((mark.line, mark.column), at(self.shown, mark, path, message)))

    def build(self, node: Node, path: KeyPath, key_mark: yaml.Mark | None = None, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            what = (f"more than {MAX_NODES:,} values" if self.count > MAX_NODES
                    else f"values nested more than {MAX_DEPTH} levels deep")
            raise ConfigError(self.shown, f"the config expands to {what} (an alias bomb?)",
                              "write the values out instead of repeating anchors (&) and aliases (*)",
                              details=[at(self.shown, node.start_mark, (), f"stopped here: {what}")])
        self.where.setdefault(path, Where(key_mark, node.start_mark))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth) if node.tag == f"{_TAG}map" else self._refuse(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG}seq":
                return self._refuse(node, path)
            return [self.build(item, (*path, i), None, depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            return self._refuse(node, path)
        if node.tag == f"{_TAG}timestamp":
            return node.value  # a date stays text as written; no key of the schema is a date
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_LENGTH:
            # int() of 4,300+ digits raises, and YAML 1.1's base-60 `1:2:3…` takes quadratic time to build
            self.problem(node.start_mark, path, f"a number written with more than {MAX_NUMBER_LENGTH} characters")
            self.refused.add(path)
            return _REFUSED
        try:
            return _Loader.yaml_constructors[node.tag](_SCALAR_CONSTRUCTOR, node)
        except (ValueError, OverflowError):
            self.problem(node.start_mark, path, f"{node.value[:40]!r} is not a valid value")
            self.refused.add(path)
            return _REFUSED

    def _refuse(self, node: Node, path: KeyPath) -> object:
        tag = node.tag.replace(_TAG, "!!")
        self.problem(node.start_mark, path, f"the tag {tag} is not allowed (only plain YAML values are read; "
                                            "nothing was run)")
        self.refused.add(path)
        return _REFUSED

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Mark] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node.start_mark, path, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value  # keys stay as written: `007:` is the handle "007", not the number 7
            if key in first_seen:
                self.problem(key_node.start_mark, (*path, key),
                             f"duplicate key {quoted(key)} (first set at line {first_seen[key].line + 1})")
                continue
            first_seen[key] = key_node.start_mark
            result[key] = self.build(value_node, (*path, key), key_node.start_mark, depth + 1)
        for merge in merges:  # `<<: *defaults` — explicit keys win over merged ones
            sources = merge.value if isinstance(merge, SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.problem(source.start_mark, path, "`<<` must name a mapping (an alias such as *defaults)")
                    continue
                for key, value in self._mapping(source, path, depth + 1).items():
                    result.setdefault(key, value)
        return result


_SCALAR_CONSTRUCTOR = _Loader("")  # only its scalar constructors are used (plain data, no tags of objects)


def _describe_node(node: Node) -> str:
    return "a list" if isinstance(node, SequenceNode) else f"the single value '{getattr(node, 'value', '')}'"


def _line_col(before: str) -> tuple[int, int]:
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
