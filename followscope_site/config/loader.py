"""Read a YAML config into a validated Config, reporting every problem as `file:line:col: key.path: message`.

PyYAML's `safe_load` would lose the node positions, silently keep the last of two duplicate keys and
expand a billion-laughs alias bomb, so the loader only composes the node tree (which constructs nothing)
and builds the Python values itself, with limits.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from followscope_site import local_files
from followscope_site.config.schema import Config, LoadedConfig
from followscope_site.errors import ConfigError, excerpt
from followscope_site.model import UNSAFE_TEXT

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

# What a value should have been, in plain words, for keys whose type is a union.
_EXPECTED_BY_KEY = {
    "allowlist": "a list of handles or a file path",
    "ignore": "a list of handles or a file path",
}
_EXPECTED_BY_TYPE = {
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)", "model_attributes_type": "a mapping (key: value lines)",
    "path_type": "a file or folder path",
}
_BOUNDS = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
           "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class _Where:
    key: yaml.Mark | None  # the key's position (None for list items and the top level)
    value: yaml.Mark


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
        line = _at(shown, root.start_mark, (), f"the top level must be keys such as `accounts:`, "
                   f"got {_describe_node(root)}")
        raise ConfigError(shown, "1 error(s) in the config", "fix the line below", details=[line])
    builder = _Builder(shown)
    data = builder.build(root, ())
    problems = list(builder.problems)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, data, builder, shown))
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
        message = _syntax_message(exc)
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
                                      details=[_at(shown, event.start_mark, (), f"stopped here: {what}")])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem:
        return "a tab character; YAML indents with spaces only"
    if problem == "expected a single document in the stream, but found another document":
        return "a second YAML document (`---`); the config is a single document"
    return f"{problem} ({exc.context})" if exc.context else problem


class _Builder:
    """Builds plain Python values from composed nodes, remembering where each value was written."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.where: dict[KeyPath, _Where] = {}
        self.problems: list[tuple[tuple[int, int], str]] = []
        self.refused: set[KeyPath] = set()
        self.count = 0

    def problem(self, mark: yaml.Mark, path: KeyPath, message: str) -> None:
        self.problems.append(((mark.line, mark.column), _at(self.shown, mark, path, message)))

    def build(self, node: Node, path: KeyPath, key_mark: yaml.Mark | None = None, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            what = (f"more than {MAX_NODES:,} values" if self.count > MAX_NODES
                    else f"values nested more than {MAX_DEPTH} levels deep")
            raise ConfigError(self.shown, f"the config expands to {what} (an alias bomb?)",
                              "write the values out instead of repeating anchors (&) and aliases (*)",
                              details=[_at(self.shown, node.start_mark, (), f"stopped here: {what}")])
        self.where.setdefault(path, _Where(key_mark, node.start_mark))
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
                             f"duplicate key {_quoted(key)} (first set at line {first_seen[key].line + 1})")
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


def _validation_problems(exc: ValidationError, data: Any, builder: _Builder,
                         shown: str) -> list[tuple[tuple[int, int], str]]:
    """One line per error; the branches of a union (`list[str] | Path`) become one plain sentence."""
    singles: list[tuple[KeyPath, dict[str, Any]]] = []
    unions: dict[KeyPath, list[tuple[KeyPath, dict[str, Any]]]] = {}
    for error in exc.errors(include_url=False):
        path, union_at = _data_path(error["loc"], data, error["type"])
        if any(path[: len(r)] == r for r in builder.refused):
            continue  # already reported as a refused tag
        if union_at is None:
            singles.append((path, error))
        else:
            unions.setdefault(path[:union_at], []).append((path, error))
    for point, branches in unions.items():
        deeper = [(p, e) for p, e in branches if len(p) > len(point)]
        if deeper:  # the value had the right shape for one branch: its own errors say more
            singles.extend(deeper)
            continue
        key = next((k for k in reversed(point) if isinstance(k, str)), "")
        expected = _EXPECTED_BY_KEY.get(key) or " or ".join(
            dict.fromkeys(_EXPECTED_BY_TYPE.get(e["type"], e["msg"]) for _, e in branches))
        singles.append((point, {"type": "union", "expected": expected, "input": branches[0][1]["input"]}))
    problems = []
    for path, error in singles:
        mark = _mark_for(path, error["type"], builder.where)
        problems.append(((mark.line, mark.column), _at(shown, mark, path, _message(path, error))))
    return problems


def _data_path(loc: tuple[str | int, ...], data: Any, error_type: str) -> tuple[KeyPath, int | None]:
    """The pydantic location as a path into the data, and where a union branch name was skipped."""
    path: list[str | int] = []
    union_at: int | None = None
    current = data
    for i, part in enumerate(loc):
        if part == "[key]":  # pydantic's marker for an error in a mapping's key: the key's own path
            continue
        in_mapping = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
        elif i == len(loc) - 1 and error_type == "missing":
            current = None
        else:
            if union_at is None:
                union_at = len(path)
            continue  # the name of a union branch, e.g. 'list[str]'
        path.append(part)
    return tuple(path), union_at


def _mark_for(path: KeyPath, error_type: str, where: dict[KeyPath, _Where]) -> yaml.Mark:
    if error_type == "missing":
        path = path[:-1]  # a missing key is reported at the mapping that lacks it
    elif error_type == "extra_forbidden" and path in where and where[path].key is not None:
        return where[path].key  # type: ignore[return-value]
    while path not in where and path:
        path = path[:-1]
    return where[path].value if path in where else yaml.Mark("", 0, 0, 0, None, None)


def _message(path: KeyPath, error: dict[str, Any]) -> str:
    kind, got = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "union":
        return f"expected {error['expected']}, got {_describe(got)}"
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(path)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"must be one of: {', '.join(choices)} (got {_describe(got)})"
    if kind == "too_short":
        if path == ("accounts",):
            return "needs at least one account (a `- exports: …` entry)"
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"must be {words} {_number(ctx.get(name))} (got {_short_number(got)})"
    if kind == "int_from_float":
        return f"expected a whole number, got {got}"
    if kind == "value_error":  # our own validators (schema.py): the reason is the whole message
        return str(ctx.get("error", error.get("msg", "invalid value")))
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "finite_number":
        return f"expected a finite number, got {got}"
    if kind in _EXPECTED_BY_TYPE:
        return f"expected {_EXPECTED_BY_TYPE[kind]}, got {_describe(got)}"
    msg = str(error.get("msg", "invalid value"))
    return msg[:1].lower() + msg[1:]


def _unknown_key(path: KeyPath) -> str:
    key = str(path[-1])
    model = _model_at(path[:-1])
    names = list(model.model_fields) if model else []
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"unknown key {_quoted(key)} (did you mean '{close[0]}'?)"
    return f"unknown key {_quoted(key)} (valid keys: {', '.join(names)})" if names else f"unknown key {_quoted(key)}"


def _model_at(path: KeyPath) -> type[BaseModel] | None:
    """The schema model that a mapping at `path` is validated against."""
    model: type[BaseModel] | None = Config
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue  # an item of a list of models: the annotation already names the item's model
        field = model.model_fields.get(part)
        model = _find_model(field.annotation) if field else None
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found:
            return found
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        if UNSAFE_TEXT.search(value):
            return excerpt(value)
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"'{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe_node(node: Node) -> str:
    return "a list" if isinstance(node, SequenceNode) else f"the single value '{getattr(node, 'value', '')}'"


def _short_number(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"a number of {len(text)} digits"


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _at(shown: str, mark: yaml.Mark, path: KeyPath, message: str) -> str:
    where = f"{shown}:{mark.line + 1}:{mark.column + 1}"
    return f"{where}: {_dotted(path)}: {message}" if path else f"{where}: {message}"


def _quoted(key: str) -> str:
    return excerpt(key, 80) if UNSAFE_TEXT.search(key) or len(key) > 80 else f"'{key}'"


def _dotted(path: KeyPath) -> str:
    """The key path as text; a key holding control or text-direction characters is shown escaped."""
    return ".".join(excerpt(p, 80, quoted=False) if isinstance(p, str) and UNSAFE_TEXT.search(p) else str(p)
                    for p in path)


def _line_col(before: str) -> tuple[int, int]:
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
