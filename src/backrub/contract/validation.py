"""Turn untrusted JSON-shaped data into frozen dataclasses, or one clear error.

Every edge (CLI files, API bodies, journal imports) validates through here, so
that every message has the same form: the field's path, what it accepts and
what it got. It reads the dataclasses' own annotations, so the models stay the
single description of the data; pydantic is kept out of this path because its
import alone costs more than the CLI's whole start-up budget. Annotations are read
once per class and turned into small converter functions, since reading them took
most of the time of every request.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from backrub.contract.constraints import Interval, MaxLen, MinLen

T = TypeVar("T")


class ValidationError(ValueError):
    """Bad input: `path` names the field, `message` says what it accepts."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def parse(cls: type[T], data: Any, path: str = "") -> T:
    """Validate `data` (already decoded JSON) as an instance of dataclass `cls`."""
    return typing.cast(T, _converter(cls)(data, path))


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


Converter = Callable[[Any, str], Any]


def _converter(tp: Any) -> Converter:
    """Dataclasses, the usual case, straight from their cache; anything else compiled once
    too (`loads(dict[str, Any], ...)` on every API write, say)."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    try:
        return _compiled_annotation(tp)
    except TypeError:  # an annotation that cannot be a dictionary key
        return _compile(tp)


@cache
def _compiled_annotation(tp: Any) -> Converter:
    return _compile(tp)


def _compile(tp: Any, constraints: tuple[Any, ...] = ()) -> Converter:
    """A function `(value, path) -> converted value` for annotation `tp`.

    Reading annotations (`get_origin`, `get_args`, type hints) costs more than the
    conversion itself, so it happens once per type: dataclasses compile on first use
    and are cached by class. The order of the tests below decides which rule wins
    for an annotation, so it must not change.
    """
    origin = get_origin(tp)
    if origin is typing.Annotated:
        base, *extra = get_args(tp)
        return _compile(base, constraints + tuple(extra))
    if origin in (Union, types.UnionType):
        return _optional(tp, constraints)
    if origin is Literal:
        return _literal(get_args(tp))
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp)
    if tp is Any:
        return _any
    args = get_args(tp)
    if origin is tuple and len(args) >= 1 and args[-1] is not Ellipsis:
        return _fixed_tuple(args)
    if origin in (list, tuple):
        return _sequence(args[0], constraints)
    if tp is datetime.datetime:
        return _datetime
    if tp is datetime.date:
        return _date
    if origin is dict:
        return _mapping(args)
    if tp is int:
        return _number(constraints, integer=True)
    if tp is float:
        return _number(constraints, integer=False)
    if tp is str:
        return _string(constraints)
    if tp is bool:
        return _bool
    return _unsupported(tp)


def _unsupported(tp: Any) -> Converter:
    """Raise only when a value reaches the field, as a field that is never sent is fine."""

    def convert(value: Any, path: str) -> Any:
        raise TypeError(f"validation: unsupported annotation {tp!r} at {path}")

    return convert


def _any(value: Any, path: str) -> Any:
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(path, f"expected true or false, got {describe(value)}")
    return value


def _optional(tp: Any, constraints: tuple[Any, ...]) -> Converter:
    options = get_args(tp)
    accepts_none = type(None) in options
    others = [option for option in options if option is not type(None)]
    if len(others) != 1:
        return _unsupported(tp)
    convert_inner = _compile(others[0], constraints)

    def convert(value: Any, path: str) -> Any:
        if value is None and accepts_none:
            return None
        return convert_inner(value, path)

    return convert


def _literal(choices: tuple[Any, ...]) -> Converter:
    allowed = frozenset(choices)
    listed = ", ".join(str(choice) for choice in choices)

    def convert(value: Any, path: str) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        raise ValidationError(path, f"expected one of {listed}; got {describe(value)}")

    return convert


@cache
def _dataclass(cls: type) -> Converter:
    """Cached by class; the fields are compiled on the first call, so that a dataclass
    may (indirectly) hold itself."""
    fields: tuple[tuple[str, Converter, str | None], ...] | None = None
    known = frozenset(field.name for field in dataclasses.fields(cls))
    listed = ", ".join(sorted(known))
    has_check = getattr(cls, "check", None) is not None

    def convert(value: Any, path: str) -> Any:
        nonlocal fields
        if not isinstance(value, dict):
            raise ValidationError(path, f"expected an object, got {describe(value)}")
        if not known.issuperset(value):
            key = next(key for key in value if key not in known)
            raise ValidationError(
                _join(path, str(key)), f"unknown field; the fields here are {listed}"
            )
        if fields is None:
            fields = _field_plan(cls)
        kwargs: dict[str, Any] = {}
        for name, convert_field, missing in fields:
            if name in value:
                kwargs[name] = convert_field(value[name], f"{path}.{name}" if path else name)
            elif missing is not None:
                raise ValidationError(_join(path, name), missing)
        instance = cls(**kwargs)
        if has_check:
            instance.check(path)
        return instance

    return convert


def _field_plan(cls: type) -> tuple[tuple[str, Converter, str | None], ...]:
    """(name, converter, message when missing, None if it has a default), in field order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    plan = []
    for field in dataclasses.fields(cls):
        required = (
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        missing = f"required; {_expectation(hints[field.name])}" if required else None
        plan.append((field.name, _compile(hints[field.name]), missing))
    return tuple(plan)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _length_limits(constraints: tuple[Any, ...]) -> tuple[tuple[int, bool], ...]:
    """(length, is_maximum) for each MaxLen and MinLen, in the order they were given."""
    return tuple(
        (constraint.length, isinstance(constraint, MaxLen))
        for constraint in constraints
        if isinstance(constraint, MaxLen | MinLen)
    )


def _sequence(item_type: Any, constraints: tuple[Any, ...]) -> Converter:
    limits = _length_limits(constraints)
    allowed = frozenset(get_args(item_type)) if get_origin(item_type) is Literal else None
    convert_item = _compile(item_type)

    def convert(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValidationError(path, f"expected a list, got {describe(value)}")
        _check_length(len(value), limits, path, "items")
        if allowed is None:
            items = tuple([convert_item(item, f"{path}[{i}]") for i, item in enumerate(value)])
        else:  # ids: the usual lists, checked without a call and a path per item
            for i, item in enumerate(value):
                if not (isinstance(item, str) and item in allowed):
                    convert_item(item, f"{path}[{i}]")  # raises, naming the item
            items = tuple(value)
        if allowed is not None and len(set(items)) != len(items):
            repeated = next(item for item in items if items.count(item) > 1)
            raise ValidationError(path, f"{describe(repeated)} is listed twice")
        return items

    return convert


def _fixed_tuple(args: tuple[Any, ...]) -> Converter:
    converters = tuple(_compile(arg) for arg in args)

    def convert(value: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(converters):
            raise ValidationError(
                path, f"expected a list of {len(converters)} items, got {describe(value)}"
            )
        return tuple(
            convert_item(item, f"{path}[{i}]")
            for i, (convert_item, item) in enumerate(zip(converters, value, strict=True))
        )

    return convert


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


def _mapping(args: tuple[Any, ...]) -> Converter:
    key_type, value_type = args
    convert_key = _compile(key_type)
    convert_value = _compile(value_type)

    def convert(value: Any, path: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise ValidationError(path, f"expected an object, got {describe(value)}")
        result = {}
        for key, item in value.items():
            converted_key = convert_key(key, path)
            result[converted_key] = convert_value(item, f"{path}.{key}")
        return result

    return convert


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


def _number(constraints: tuple[Any, ...], integer: bool) -> Converter:
    words = _number_words(constraints, integer)
    low, high = _bounds(constraints)

    def convert(value: Any, path: str) -> int | float:
        if type(value) is int and (low is None or low <= value) and (high is None or value <= high):
            return value if integer else float(value)  # the usual case, decided at once
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(path, f"expected {words}, got {describe(value)}")
        if integer and isinstance(value, float):
            if not value.is_integer():
                raise ValidationError(path, f"expected {words}, got {describe(value)}")
            value = int(value)
        if isinstance(value, float) and value != value:  # NaN
            raise ValidationError(path, f"expected {words}, got NaN")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(path, f"expected {words}, got {describe(value)}")
        return value if integer else float(value)

    return convert


def _check_length(size: int, limits: tuple[tuple[int, bool], ...], path: str, unit: str) -> None:
    for length, is_maximum in limits:
        if is_maximum and size > length:
            raise ValidationError(path, f"at most {length} {unit}")
        if not is_maximum and size < length:
            raise ValidationError(path, f"at least {length} {unit}")


def _string(constraints: tuple[Any, ...]) -> Converter:
    limits = _length_limits(constraints)

    def convert(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise ValidationError(path, f"expected text, got {describe(value)}")
        _check_length(len(value), limits, path, "characters")
        return value

    return convert


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
