"""The canonical YAML form of a statute file.

Block style, keys in the order written, no line folding, UTF-8 characters
as themselves, and any value that a YAML 1.1 or 1.2 reader would type as a
number, boolean, null or date quoted, so that other tools (editors,
check-jsonschema) read the same strings that :mod:`build_kb.load` reads.
"""

from __future__ import annotations

from typing import Any

import yaml

SCHEMA_LINE = "# yaml-language-server: $schema={schema}\n"


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents sequences inside mappings and never emits aliases."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: D102 - PyYAML hook
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: D102
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any, schema: str | None = None) -> str:
    """Return ``data`` (dicts, lists, strings) as canonical YAML text.

    Args:
        data: the instrument, as :mod:`build_kb.load` returns it.
        schema: relative path of the JSON Schema, written as the first line
            ``# yaml-language-server: $schema=…`` when given.
    """
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=2**31 - 1,
                     default_flow_style=False)
    return (SCHEMA_LINE.format(schema=schema) if schema else "") + body
