"""Turn untrusted JSON into the contract's structs, or one clear error.

msgspec checks the data against the structs' own annotations (types, `Meta`
bounds, and `__post_init__` for the rules between fields). Every edge (CLI files,
API bodies, journal imports, the knowledge base's TOML) comes through here, so
every refusal reads the same: the field's path, what it accepts and what it got,
as in `pain[0].intensity: expected an integer from 0 to 10, got 11`. msgspec's
own messages say less, so `_refusal` rebuilds ours from the path it reports, the
annotation at that path and the value found there.
"""

from __future__ import annotations

import datetime
import json
import re
import types
import typing
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import msgspec

from backrub.contract import untrusted
from backrub.contract.untrusted import MAX_DEPTH, MAX_DIGITS

T = TypeVar("T")


# A record's id, wherever a client may choose one: safe in a path, a header and a file name.
# `(?!\n)`: Python's `$` also matches before a final newline, JSON Schema's does not.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$(?!\n)"
PATTERN_WORDS = {
    ID_PATTERN: "1 to 64 letters (A-Z, a-z), digits, '_', '.' or '-', the first a letter or digit"
}


class ValidationError(ValueError):
    """Bad input: `path` names the field, `message` says what it accepts."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def parse(cls: type[T], data: Any) -> T:
    """Validate `data` (already decoded JSON) as `cls`, strictly: "15" is no integer."""
    try:
        return msgspec.convert(data, cls)
    except msgspec.ValidationError as error:
        if not _has_float(data):
            raise _refusal(error, cls, data) from None
    whole = _integral(data)  # JSON Schema counts 5.0 as an integer, and so do we
    try:
        return msgspec.convert(whole, cls)
    except msgspec.ValidationError as error:
        raise _refusal(error, cls, whole) from None


def _integral(value: Any) -> Any:
    """`value` with every float that is a whole number (5.0) as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral(item) for item in value]
    return value


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    return isinstance(value, list) and any(_has_float(item) for item in value)


def loads(cls: type[T], text: str | bytes, *, fields_of: Any = None) -> T:
    """Decode JSON text as `cls`; bad JSON is reported like any other bad field.

    Nesting deeper than `MAX_DEPTH` is refused before anything is decoded (msgspec and
    the standard library both recurse, and 2,000 levels end in a RecursionError). A
    number too large to read is named by its path, in the words of `fields_of` (a Struct
    whose fields the JSON object will become) when `cls` itself cannot say them."""
    check_depth(text)
    try:
        return msgspec.json.decode(text, type=cls)
    except (msgspec.ValidationError, msgspec.DecodeError):
        try:
            data = msgspec.json.decode(text)
        except msgspec.ValidationError:  # well-formed, with a number too large to read
            try:
                huge = untrusted.first_huge(untrusted.lenient(text))
            except ValueError:
                huge = None
            words = _huge_words(fields_of or cls, huge) if huge is not None else _json_words(text)
            raise ValidationError(huge or "", words) from None
        except msgspec.DecodeError:
            raise ValidationError("", _json_words(text)) from None
        return parse(cls, data)  # a whole number written 5.0 passes there; else the refusal


def check_depth(text: str | bytes) -> None:
    """Refuse JSON whose arrays and objects nest deeper than `MAX_DEPTH`, naming the body."""
    if untrusted.too_deep(text):
        raise ValidationError("", f"expected JSON nested at most {MAX_DEPTH} levels deep")


def _huge_words(cls: Any, path: str) -> str:
    """What the field at `path` of `cls` accepts, where a huge number was sent."""
    node = cls
    for name, index in _SEGMENT.findall("." + path if not path.startswith("[") else path):
        base, _ = _unwrap(node)
        args = get_args(base)
        if index and get_origin(base) in (list, tuple):
            node = args[0] if len(args) == 2 and args[1] is Ellipsis else args[int(index)]
        elif index is None or index == "":
            if isinstance(base, type) and issubclass(base, msgspec.Struct):
                node = _fields(base).get(name, Any)
            elif get_origin(base) is dict:
                node = args[1]
            else:
                node = Any
        else:
            node = Any
    if node is Any:
        return f"expected a number of at most {MAX_DIGITS} digits, got a number too large"
    return f"{_expectation(node)}, got a number too large"


def small_integer(text: str) -> int | None:
    """`text` as a whole number when it is 1 to 9 ASCII digits, else None: never
    `int()` on what a form sent (`"²".isdigit()` is true, and 5,000 digits raise)."""
    return int(text) if _WHOLE.fullmatch(text) else None


_WHOLE = re.compile(r"[0-9]{1,9}")


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
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# A list of ids that `once_each` checks says so in its JSON Schema.
ONCE = msgspec.Meta(extra_json_schema={"uniqueItems": True})


def once_each(path: str, values: tuple[str, ...]) -> None:
    """Refuse a list of ids that names one twice (for `__post_init__`)."""
    if len(set(values)) != len(values):
        repeated = next(value for value in values if values.count(value) > 1)
        raise ValidationError(path, f"{describe(repeated)} is listed twice")


# Text a person reads back must show what was typed: no C0 or C1 control characters
# (NUL, escape sequences, a carriage return that rewrites a terminal line) and no Unicode
# bidirectional embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), which
# make "Sam" and a name that only looks like it, or a note, read in another order.
_DIRECTION = "\u202a-\u202e\u2066-\u2069"
_DIRECTION_ESCAPED = "\\u202a-\\u202e\\u2066-\\u2069"
_UNSAFE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_DIRECTION}]")
# A note may run over lines: tab and newline (LF, or CRLF as a browser sends a textarea).
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_DIRECTION}]|\r(?!\n)")


# The same rules as JSON Schema patterns, for the published schema (`check_text` checks).
LINE_SCHEMA = {"pattern": f"^[^\\x00-\\x1f\\x7f-\\x9f{_DIRECTION_ESCAPED}]*$"}
_TEXT_CONTROLS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\r"
TEXT_SCHEMA = {"pattern": f"^(?:[^{_TEXT_CONTROLS}{_DIRECTION_ESCAPED}]|\\r\\n)*$"}


def unsafe_character(text: str, *, lines: bool = False) -> str | None:
    """The first character `text` must not hold, or None; `lines` allows tab and newline."""
    found = (_UNSAFE_IN_TEXT if lines else _UNSAFE_IN_LINE).search(text)
    return found.group() if found else None


def check_text(path: str, text: str, *, lines: bool = False) -> None:
    """Refuse a name (one line) or a note (`lines`) holding a control or direction-changing
    character, naming the field and the character's code point."""
    found = unsafe_character(text, lines=lines)
    if found is not None:
        raise ValidationError(
            path,
            f"must not contain control or direction-changing characters (found U+{ord(found):04X})",
        )


def within_dates(
    path: str, day: datetime.date, earliest: datetime.date, latest: datetime.date, latest_name: str
) -> None:
    """Refuse a date outside `earliest`..`latest`, naming what `latest` is ("tomorrow")."""
    if not earliest <= day <= latest:
        accepted = f"from {earliest.isoformat()} to {latest.isoformat()} ({latest_name})"
        raise ValidationError(path, f"expected a date {accepted}, got {day.isoformat()}")


def _json_words(text: str | bytes) -> str:
    """Where the text stops being JSON, counted as the standard library counts."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"not valid JSON at line {error.lineno} column {error.colno}"
    except (UnicodeDecodeError, ValueError):
        pass
    return "not valid JSON"


# msgspec ends a message with ` - at `$.pain[0].intensity``, or ` - at `key` in `$.m``
# when a key of an object was refused; a message without it is about the whole value.
_WHERE = re.compile(r" - at `(?:(key)` in `)?\$(.*)`$")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_FIELD = re.compile(r"Object (missing required|contains unknown) field `([^`]*)`")


def _refusal(error: msgspec.MsgspecError, cls: Any, data: Any) -> ValidationError:
    """Our one-line message for what msgspec refused in `data`, read as `cls`."""
    text = str(error)
    where = _WHERE.search(text)
    located = where.group(2) if where else ""
    node, value, path = cls, data, ""
    for name, index in _SEGMENT.findall(located):
        node, value, path = _step(node, value, path, name or index)
    cause = error.__cause__
    if isinstance(cause, ValidationError):  # raised by a struct's __post_init__
        return ValidationError(_join(path, cause.path), cause.message)
    if cause is not None:
        return ValidationError(path, str(cause))
    base, _ = _unwrap(node)
    if where and where.group(1):  # a key of an object was refused
        return ValidationError(path, _words(get_args(base)[0], _bad_key(base, value)))
    field = _FIELD.match(text)
    if field:
        name = field.group(2)
        if field.group(1) == "missing required":
            message = f"required; {_expectation(_fields(base)[name])}"
        else:
            message = f"unknown field; the fields here are {', '.join(sorted(_fields(base)))}"
        return ValidationError(_join(path, name), message)
    return ValidationError(path, _words(node, value))


def _step(node: Any, value: Any, path: str, segment: str) -> tuple[Any, Any, str]:
    """One step down a msgspec path: the annotation, value and our path there."""
    base, _ = _unwrap(node)
    if segment == "...":  # a value in an object; msgspec does not say which key
        key = _bad_entry(base, value)
        return get_args(base)[1], value[key], _join(path, str(key))
    if segment.isdigit():
        index = int(segment)
        args = get_args(base)
        item = args[0] if len(args) == 2 and args[1] is Ellipsis else args[index]
        return item, value[index], f"{path}[{index}]"
    return _fields(base)[segment], value[segment], _join(path, segment)


def _fields(struct: Any) -> dict[str, Any]:
    """A struct's field names and their annotations."""
    return {field.name: field.type for field in msgspec.structs.fields(struct)}


def _bad_entry(mapping: Any, value: dict[Any, Any]) -> Any:
    """The first key whose value `mapping`'s value type refuses, as msgspec found it."""
    value_type = get_args(mapping)[1]
    for key, item in value.items():
        try:
            msgspec.convert(item, value_type)
        except msgspec.ValidationError:
            return key
    raise LookupError("no refused entry")  # pragma: no cover - msgspec found one


def _bad_key(mapping: Any, value: dict[Any, Any]) -> Any:
    key_type = get_args(mapping)[0]
    for key in value:
        try:
            msgspec.convert(key, key_type)
        except msgspec.ValidationError:
            return key
    raise LookupError("no refused key")  # pragma: no cover - msgspec found one


def _join(path: str, name: str) -> str:
    if not name:
        return path
    return f"{path}.{name}" if path else name


def _unwrap(tp: Any) -> tuple[Any, msgspec.Meta]:
    """The annotation without `Annotated`, `| None` and `| UnsetType`, and its merged bounds."""
    bounds: dict[str, Any] = {}
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp, *extra = get_args(tp)
            for meta in extra:
                if isinstance(meta, msgspec.Meta):
                    for name in ("ge", "le", "min_length", "max_length", "tz", "pattern"):
                        if getattr(meta, name) is not None:
                            bounds[name] = getattr(meta, name)
        elif origin in (Union, types.UnionType):
            # None and UNSET (a field left out of the body) are not what a field accepts.
            others = [arg for arg in get_args(tp) if arg not in (type(None), msgspec.UnsetType)]
            if len(others) > 1 and all(get_origin(arg) is Literal for arg in others):
                # msgspec merges Literals in a union into one; so do we.
                others = [Literal[tuple(c for arg in others for c in get_args(arg))]]
            if len(others) != 1:
                break
            tp = others[0]
        else:
            break
    return tp, msgspec.Meta(**bounds)


def _words(tp: Any, value: Any) -> str:
    """What a field of annotation `tp` accepts, and what it got instead."""
    base, meta = _unwrap(tp)
    origin = get_origin(base)
    got = describe(value)
    if origin is Literal:
        return f"{_expectation(base)}; got {got}"
    if base is str and isinstance(value, str) and meta.pattern is not None:
        return f"{_expectation(tp)}, got {got}"
    if base is str and isinstance(value, str):
        return _length_words(meta, len(value), "characters")
    if origin is tuple and get_args(base)[-1] is not Ellipsis:
        return f"expected a list of {len(get_args(base))} items, got {got}"
    if origin in (list, tuple) and isinstance(value, list | tuple):
        return _length_words(meta, len(value), "items")
    if base is datetime.datetime and isinstance(value, str) and _naive(value):
        return f"expected {_DATETIME}; the offset is missing"
    return f"{_expectation(tp)}, got {got}"


def _naive(text: str) -> bool:
    """Whether `text` is a date and time, or a date, without an offset."""
    try:
        return datetime.datetime.fromisoformat(text).tzinfo is None
    except ValueError:
        return False


def _length_words(meta: msgspec.Meta, size: int, unit: str) -> str:
    if unit == "items" and meta.min_length is not None and meta.min_length == meta.max_length:
        return f"expected a list of {meta.min_length} items, got a list"
    if meta.max_length is not None and size > meta.max_length:
        return f"at most {meta.max_length} {unit}"
    return f"at least {meta.min_length} {unit}"


_DATETIME = "a date and time in ISO 8601 with an offset, like 2026-01-05T19:00:00+00:00"


def _expectation(tp: Any) -> str:
    """Words for what a field accepts, as in "required; expected an integer"."""
    base, meta = _unwrap(tp)
    origin = get_origin(base)
    if base is int:
        low, high = meta.ge, meta.le
        if low is not None and high is not None:
            return f"expected an integer from {low} to {high}"
        if low is not None or high is not None:
            bound = f"least {low}" if high is None else f"most {high}"
            return f"expected an integer of at {bound}"
        return "expected an integer"
    if origin is Literal:
        return "expected one of " + ", ".join(str(choice) for choice in get_args(base))
    if base is str and meta.pattern in PATTERN_WORDS:
        return f"expected {PATTERN_WORDS[meta.pattern]}"
    if base is str:
        return "expected text"
    if base is bool:
        return "expected true or false"
    if base is datetime.datetime:
        return f"expected {_DATETIME}"
    if base is datetime.date:
        return "expected a date like 2026-01-07"
    if origin in (list, tuple):
        return "expected a list"
    return "expected an object"
