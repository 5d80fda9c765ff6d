"""Limits on JSON from outside, checked before and around msgspec (used by `validation`).

msgspec and the standard library both recurse once per level of nesting, so 2,000
levels of `[` end in a RecursionError (a 500), and an integer of more than 4,300 digits
is past what Python turns into a number. `too_deep` finds the first before anything is
decoded; `lenient` and `first_huge` find where the second is, so the refusal can name
the field.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from typing import Any

MAX_DEPTH = 32  # a journal document nests 9 levels deep
MAX_DIGITS = 4300  # Python's (and msgspec's) limit on the digits of an integer

_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STRING = re.compile(rb'"[^"]*"')
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def too_deep(text: str | bytes) -> bool:
    """Whether the arrays and objects of `text` nest deeper than `MAX_DEPTH`; brackets in
    strings do not count. About 15 ms a megabyte, a third of what decoding takes."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False
    # Escapes first (`\\` then `\"`), so that every quote left opens or closes a string;
    # then only brackets and quotes, and `""` (an empty string, or one string ending where
    # the next begins with no bracket between) goes, which leaves few strings to remove.
    plain = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = plain.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    brackets = _STRING.sub(b"", structure)
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH


class TooLarge:
    """Where `lenient` found a number too large to read."""

    def __repr__(self) -> str:
        return "a number too large"


def _number(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return TooLarge()
    number = float(text) if any(c in text for c in ".eE") else int(text)
    return TooLarge() if number in (math.inf, -math.inf) else number


def lenient(text: str | bytes) -> Any:
    """`text` as the standard library reads it, numbers too large marked `TooLarge`
    (call `too_deep` first); ValueError when it is not JSON."""
    return json.loads(text, parse_int=_number, parse_float=_number)


def first_huge(value: Any, path: str = "") -> str | None:
    """The path (`peg[1]`, `pain[0].intensity`) of the first `TooLarge`, in document order."""
    if isinstance(value, TooLarge):
        return path
    if isinstance(value, dict):
        items: Any = value.items()
    else:
        items = enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str):
            where = f"{path}.{key}" if path else key
        else:
            where = f"{path}[{key}]"
        found = first_huge(item, where)
        if found is not None:
            return found
    return None
