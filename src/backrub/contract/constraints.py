"""Bounds for annotated fields: `Annotated[int, Interval(ge=0, le=10)]`.

Our own tiny classes rather than `annotated_types`, whose import (a dozen
dataclasses) cost more than a third of the CLI's start-up budget. `validation.py`
enforces them; the `__get_pydantic_json_schema__` hooks let pydantic (a test
extra, used only to write `schemas/`) put them into the published JSON Schema.
"""

from __future__ import annotations

from typing import Any


class Interval:
    __slots__ = ("ge", "le")

    def __init__(self, ge: int | None = None, le: int | None = None) -> None:
        self.ge = ge
        self.le = le

    def __repr__(self) -> str:
        return f"Interval(ge={self.ge}, le={self.le})"

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        if self.ge is not None:
            schema["minimum"] = self.ge
        if self.le is not None:
            schema["maximum"] = self.le
        return schema


class _Length:
    __slots__ = ("length",)
    bound = ""

    def __init__(self, length: int) -> None:
        self.length = length

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.length})"

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        unit = "Items" if schema.get("type") == "array" else "Length"
        schema[f"{self.bound}{unit}"] = self.length
        return schema


class MinLen(_Length):
    """At least this many characters (text) or items (lists)."""

    bound = "min"


class MaxLen(_Length):
    """At most this many characters (text) or items (lists)."""

    bound = "max"
