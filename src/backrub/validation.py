"""Turn untrusted JSON-shaped data into frozen dataclasses, or one clear error.

Every edge (CLI files, API bodies, journal imports) validates through here, so
that every message has the same form: the field's path, what it accepts and
what it got. It reads the dataclasses' own annotations, so the models stay the
single description of the data; pydantic is kept out of this path because its
import alone costs more than the CLI's whole start-up budget.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from backrub.constraints import Interval, MaxLen, MinLen

T = TypeVar("T")


class ValidationError(ValueError):
    """Bad input: `path` names the field, `message` says what it accepts."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def parse(cls: type[T], data: Any, path: str = "") -> T:
    """Validate `data` (already decoded JSON) as an instance of dataclass `cls`."""
    return typing.cast(T, _convert(cls, data, path, ()))


def loads(cls: type[T], text: str | bytes, path: str = "") -> T:
    """Decode JSON text and validate it; bad JSON is reported like any other field."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = (
            f" at line {error.lineno} column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        raise ValidationError(path, f"not valid JSON{where}") from None
    return parse(cls, data, path)


def describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _convert(tp: Any, value: Any, path: str, constraints: tuple[Any, ...]) -> Any:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *extra = get_args(tp)
        return _convert(base, value, path, constraints + tuple(extra))
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _convert(inner, value, path, constraints)
    if origin is Literal:
        return _literal(get_args(tp), value, path)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp, value, path)
    if tp is Any:
        return value
    if origin is tuple and len(get_args(tp)) >= 1 and get_args(tp)[-1] is not Ellipsis:
        return _fixed_tuple(tp, value, path)
    if origin in (list, tuple):
        return _sequence(tp, value, path, constraints)
    if tp is datetime.datetime:
        return _datetime(value, path)
    if tp is datetime.date:
        return _date(value, path)
    if origin is dict:
        return _mapping(tp, value, path)
    if tp is int:
        return _number(value, path, constraints, integer=True)
    if tp is float:
        return float(_number(value, path, constraints, integer=False))
    if tp is str:
        return _string(value, path, constraints)
    if tp is bool:
        if not isinstance(value, bool):
            raise ValidationError(path, f"expected true or false, got {describe(value)}")
        return value
    raise TypeError(f"validation: unsupported annotation {tp!r} at {path}")


def _literal(choices: tuple[Any, ...], value: Any, path: str) -> Any:
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(str(choice) for choice in choices)
    raise ValidationError(path, f"expected one of {listed}; got {describe(value)}")


def _dataclass(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise ValidationError(path, f"expected an object, got {describe(value)}")
    hints = _hints(cls)
    known = {field.name for field in _fields(cls)}
    for key in value:
        if key not in known:
            listed = ", ".join(sorted(known))
            raise ValidationError(
                _join(path, str(key)), f"unknown field; the fields here are {listed}"
            )
    kwargs: dict[str, Any] = {}
    for field in _fields(cls):
        field_path = _join(path, field.name)
        if field.name in value:
            kwargs[field.name] = _convert(hints[field.name], value[field.name], field_path, ())
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ValidationError(field_path, f"required; {_expectation(hints[field.name])}")
    instance = cls(**kwargs)
    check = getattr(instance, "check", None)
    if check is not None:
        check(path)
    return instance


def _sequence(tp: Any, value: Any, path: str, constraints: tuple[Any, ...]) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise ValidationError(path, f"expected a list, got {describe(value)}")
    args = get_args(tp)
    item_type = args[0]
    for constraint in constraints:
        if isinstance(constraint, MaxLen) and len(value) > constraint.length:
            raise ValidationError(path, f"at most {constraint.length} items")
        if isinstance(constraint, MinLen) and len(value) < constraint.length:
            raise ValidationError(path, f"at least {constraint.length} items")
    items = tuple(_convert(item_type, item, f"{path}[{i}]", ()) for i, item in enumerate(value))
    if get_origin(item_type) is Literal and len(set(items)) != len(items):
        repeated = next(item for item in items if items.count(item) > 1)
        raise ValidationError(path, f"{describe(repeated)} is listed twice")
    return items


def _fixed_tuple(tp: Any, value: Any, path: str) -> tuple[Any, ...]:
    args = get_args(tp)
    if not isinstance(value, list) or len(value) != len(args):
        raise ValidationError(path, f"expected a list of {len(args)} items, got {describe(value)}")
    return tuple(
        _convert(arg, item, f"{path}[{i}]", ())
        for i, (arg, item) in enumerate(zip(args, value, strict=True))
    )


def _datetime(value: Any, path: str) -> datetime.datetime:
    words = "a date and time in ISO 8601 with an offset, like 2026-01-05T19:00:00+00:00"
    if not isinstance(value, str):
        raise ValidationError(path, f"expected {words}, got {describe(value)}")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(path, f"expected {words}, got {describe(value)}") from None
    if moment.tzinfo is None:
        raise ValidationError(path, f"expected {words}; the offset is missing")
    return moment


def _date(value: Any, path: str) -> datetime.date:
    words = "a date like 2026-01-07"
    if not isinstance(value, str):
        raise ValidationError(path, f"expected {words}, got {describe(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(path, f"expected {words}, got {describe(value)}") from None


def _mapping(tp: Any, value: Any, path: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, f"expected an object, got {describe(value)}")
    key_type, value_type = get_args(tp)
    result = {}
    for key, item in value.items():
        converted_key = _convert(key_type, key, path, ())
        result[converted_key] = _convert(value_type, item, f"{path}.{key}", ())
    return result


def _bounds(constraints: tuple[Any, ...]) -> tuple[float | None, float | None]:
    low = high = None
    for constraint in constraints:
        if isinstance(constraint, Interval):
            low = constraint.ge if constraint.ge is not None else low
            high = constraint.le if constraint.le is not None else high
    return low, high


def _number_words(constraints: tuple[Any, ...], integer: bool) -> str:
    kind = "an integer" if integer else "a number"
    low, high = _bounds(constraints)
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind} of at least {low}"
    if high is not None:
        return f"{kind} of at most {high}"
    return kind


def _number(value: Any, path: str, constraints: tuple[Any, ...], integer: bool) -> int | float:
    words = _number_words(constraints, integer)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(path, f"expected {words}, got {describe(value)}")
    if integer and isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(path, f"expected {words}, got {describe(value)}")
        value = int(value)
    if isinstance(value, float) and value != value:  # NaN
        raise ValidationError(path, f"expected {words}, got NaN")
    low, high = _bounds(constraints)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(path, f"expected {words}, got {describe(value)}")
    return typing.cast(int | float, value)


def _string(value: Any, path: str, constraints: tuple[Any, ...]) -> str:
    if not isinstance(value, str):
        raise ValidationError(path, f"expected text, got {describe(value)}")
    for constraint in constraints:
        if isinstance(constraint, MaxLen) and len(value) > constraint.length:
            raise ValidationError(path, f"at most {constraint.length} characters")
        if isinstance(constraint, MinLen) and len(value) < constraint.length:
            raise ValidationError(path, f"at least {constraint.length} characters")
    return value


def _expectation(tp: Any) -> str:
    """Words for what a field accepts, used when it is missing."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *extra = get_args(tp)
        if base in (int, float):
            return "expected " + _number_words(tuple(extra), base is int)
        return _expectation(base)
    if origin is Literal:
        return "expected one of " + ", ".join(str(choice) for choice in get_args(tp))
    if tp is int:
        return "expected an integer"
    if tp is str:
        return "expected text"
    if origin in (list, tuple):
        return "expected a list"
    return "expected an object"
