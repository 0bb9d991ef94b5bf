"""Config problems as a user reads them: `file:line:col: key.path: message`, one plain sentence per problem.

pydantic reports errors by its own locations and type names; this turns them into the key path as written
in the YAML, its position (kept by the loader's builder), and a message in plain words. Keys and values
holding control or text-direction characters are shown escaped, never as they are.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from followscope_site.config.schema import Config
from followscope_site.errors import excerpt
from followscope_site.model import UNSAFE_TEXT

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
class Where:
    """Where a value was written: the position of its key and of the value itself."""

    key: yaml.Mark | None  # the key's position (None for list items and the top level)
    value: yaml.Mark


def validation_problems(exc: ValidationError, data: Any, refused: set[KeyPath], where: dict[KeyPath, Where],
                        shown: str) -> list[tuple[tuple[int, int], str]]:
    """One line per error; the branches of a union (`list[str] | Path`) become one plain sentence."""
    singles: list[tuple[KeyPath, dict[str, Any]]] = []
    unions: dict[KeyPath, list[tuple[KeyPath, dict[str, Any]]]] = {}
    for error in exc.errors(include_url=False):
        path, union_at = _data_path(error["loc"], data, error["type"])
        if any(path[: len(r)] == r for r in refused):
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
        mark = _mark_for(path, error["type"], where)
        problems.append(((mark.line, mark.column), at(shown, mark, path, _message(path, error))))
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


def _mark_for(path: KeyPath, error_type: str, where: dict[KeyPath, Where]) -> yaml.Mark:
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
        return f"unknown key {quoted(key)} (did you mean '{close[0]}'?)"
    return f"unknown key {quoted(key)} (valid keys: {', '.join(names)})" if names else f"unknown key {quoted(key)}"


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


def _short_number(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"a number of {len(text)} digits"


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def at(shown: str, mark: yaml.Mark, path: KeyPath, message: str) -> str:
    where = f"{shown}:{mark.line + 1}:{mark.column + 1}"
    return f"{where}: {_dotted(path)}: {message}" if path else f"{where}: {message}"


def quoted(key: str) -> str:
    return excerpt(key, 80) if UNSAFE_TEXT.search(key) or len(key) > 80 else f"'{key}'"


def _dotted(path: KeyPath) -> str:
    """The key path as text; a key holding control or text-direction characters is shown escaped."""
    return ".".join(excerpt(p, 80, quoted=False) if isinstance(p, str) and UNSAFE_TEXT.search(p) else str(p)
                    for p in path)
