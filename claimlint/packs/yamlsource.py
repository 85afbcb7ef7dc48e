"""Safe YAML loading that remembers where every value came from.

Rule packs are untrusted data written by non-programmers, so every validation
message must point at a line. ``load_yaml`` returns ordinary dicts and lists
subclassed to carry the line of each node and of each mapping key.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import PackError


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class LineStr(str):
    """A scalar string with the line it came from."""

    line: int = 0


# A pack is untrusted: bound what its YAML can make the loader, and whatever reads the pack after it, do.
MAX_DEPTH = 100  # nesting levels (construction and the pack's readers recurse)
MAX_VALUES = 1_000_000  # values once aliases are expanded; a 50,000-term lexicon has about 50,000

# libyaml's C parser when PyYAML has it (it does in the published wheels): packs load several times faster.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeBase):
    """A safe loader (no Python object tags) that records lines and rejects duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise PackError(f"mapping keys must be text, got {key!r}", line=key_node.start_mark.line + 1)
        if key in result:
            raise PackError(f"duplicate key '{key}'", line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> LineStr:
    value = LineStr(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def load_yaml(path: Path, text: str | None = None, what: str = "rule pack") -> Any:
    """Parse YAML safely; any problem becomes a ``PackError`` naming file and line (``what`` names the file's role)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            line = path.read_bytes().count(b"\n", 0, exc.start) + 1
            raise PackError(f"cannot read {what}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})", path, line) from None
        except OSError as exc:
            raise PackError(f"cannot read {what}: {exc.strerror or exc}", path) from None
    loader = _Loader(text)  # what yaml.load does, with a check between composing and constructing
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        return loader.construct_document(node)
    except PackError as exc:
        exc.path = str(path)
        raise
    except RecursionError:  # the composer recurses before _check_shape can see the depth
        raise PackError(f"YAML nested more than {MAX_DEPTH} levels deep", path) from None
    except yaml.constructor.ConstructorError as exc:
        tag = (exc.problem or "").partition("tag '")[2].rstrip("'").replace("tag:yaml.org,2002:", "!!")
        if not tag:
            raise PackError(f"YAML error: {exc.problem or exc}", path, _line(exc)) from None
        # Only plain data is ever constructed: no Python objects, so a pack cannot run code.
        raise PackError(f"YAML tag '{tag}' is not allowed: a rule pack holds plain data", path, _line(exc)) from None
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml (PyYAML >= 6.0.2 wheels) has its own limit; one message whichever meets it
            raise PackError(f"YAML nested more than {MAX_DEPTH} levels deep", path, _line(exc)) from None
        raise PackError(f"YAML syntax error: {problem}", path, _line(exc)) from None
    except yaml.YAMLError as exc:
        raise PackError(f"YAML error: {exc}", path) from None
    finally:
        loader.dispose()


def _line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else None


def _check_shape(root: yaml.Node) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases that expand to more than MAX_VALUES values.

    PyYAML shares an aliased value instead of copying it, so nine lines of nested aliases
    ("billion laughs") load at once, but whatever walks or copies the pack afterwards would
    meet every repetition. Each node is sized once, so this is linear in the file; a node that
    contains itself counts once (construction refuses it with its own message).
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, closing = stack.pop()
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else []
        if closing:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            if sizes[id(node)] > MAX_VALUES:
                raise PackError(f"YAML aliases expand to more than {MAX_VALUES:,} values", line=node.start_mark.line + 1)
        elif id(node) not in sizes and id(node) not in open_nodes:
            if depth > MAX_DEPTH:
                raise PackError(f"YAML nested more than {MAX_DEPTH} levels deep", line=node.start_mark.line + 1)
            open_nodes.add(id(node))
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children)


def line_of(node: Any, default: int = 0) -> int:
    """Best-known line of a loaded node."""
    return getattr(node, "line", default) or default
