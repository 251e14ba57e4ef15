"""A Griffe extension for the API reference (``mkdocs.yml``: mkdocstrings' ``extensions``).

mkdocstrings reads pracbase's docstrings with Griffe. This extension, run once the package is
loaded, makes them read well on the page:

- Sphinx roles (``:class:`~pracbase.errors.NotFoundError```, ``:meth:`Graph.neighbours```,
  ``:mod:`pracbase.peers```), which pracbase's docstrings use, become links to the object
  when the page documents it, and plain code otherwise (never a literal ``:class:``).
- The fields of the record models, which have no docstrings of their own, get their
  English description from ``pracbase/data/fields.yml`` (the one that the JSON Schemas and
  templates show) and the taxonomy's values where they take one, with their type as a
  reader needs it (``list[str]``, not its validators): the reference lists every field of a
  record with its meaning.
- Private base classes (``_Model``) are left out of the classes' bases.
"""

from __future__ import annotations

import contextlib
import re
import types
import typing
from typing import Annotated, Any

import griffe

import pracbase
from pracbase.site.developers import API_MODULES

ROLE = re.compile(r":(?:py:)?(?P<role>[a-z]+):`(?P<tilde>~?)(?P<target>[\w.]+)(?:\(\))?`")
"""A Sphinx cross-reference role: ``:class:`~pracbase.kb.KnowledgeBase```."""


class Docstrings(griffe.Extension):
    """Sphinx roles as links or code; record fields described; private bases hidden."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite the docstrings of the public objects of ``pracbase``, their members and the modules shown."""
        if pkg.name != "pracbase":
            return
        public = [target for name in pracbase.__all__ if name in pkg.members
                  and (target := _final(pkg[name])) is not None]
        for target in public:
            describe_fields(target)
            if isinstance(target, griffe.Class):
                target.bases = [base for base in target.bases if not str(base).split(".")[-1].startswith("_")]
        documented = documented_paths(public) | set(API_MODULES)
        modules = [pkg[path.removeprefix("pracbase.")] for path in API_MODULES]
        for target in (*public, *modules):
            for item in (target, *_members(target)):
                if item.docstring is not None:
                    item.docstring.value = cross_references(item.docstring.value, item, pkg, documented)


def documented_paths(public: list[Any]) -> set[str]:
    """Canonical paths of what the reference documents: the public objects and their documented members."""
    paths: set[str] = set()
    for target in public:
        paths.add(target.canonical_path)
        paths.update(member.canonical_path for member in _members(target)
                     if member.docstring is not None and not member.name.startswith("_"))
    return paths


def cross_references(text: str, obj: Any, pkg: griffe.Module, documented: set[str]) -> str:
    """``text`` with each Sphinx role as an mkdocstrings link (documented targets) or as code."""

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        label = target.rsplit(".", 1)[-1] if match["tilde"] else target
        if match["role"] in ("func", "meth"):
            label += "()"
        path = resolve(target, obj, pkg)
        if path is not None and path in documented:
            return f"[`{label}`][{path}]"
        return f"`{label}`"

    return ROLE.sub(replace, text)


def resolve(target: str, obj: Any, pkg: griffe.Module) -> str | None:
    """The canonical path ``target`` names, seen from ``obj`` (absolute, or relative to its scope)."""
    head, _, rest = target.partition(".")
    candidates = [target]
    with contextlib.suppress(griffe.NameResolutionError, griffe.AliasResolutionError, AttributeError):
        candidates.append(obj.resolve(head) + (f".{rest}" if rest else ""))
    for candidate in candidates:
        if candidate != pkg.name and not candidate.startswith(pkg.name + "."):
            continue
        try:
            found = pkg[candidate.removeprefix(pkg.name).lstrip(".")] if candidate != pkg.name else pkg
            return str(found.canonical_path)
        except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
    return None


def describe_fields(cls: Any) -> None:
    """Give each field of a record model its English description from ``data/fields.yml``."""
    from pydantic import BaseModel

    from pracbase.schema import field_doc

    if not isinstance(cls, griffe.Class):
        return
    model = getattr(pracbase, cls.name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return
    properties = model.model_json_schema().get("properties", {})
    for name, member in cls.members.items():
        info = model.model_fields.get(name)
        if info is None or not isinstance(member, griffe.Attribute):
            continue
        if member.docstring is None:
            text = field_doc(model, name)["en"] + taxonomy_values(properties.get(name, {}))
            member.docstring = griffe.Docstring(text, parent=member)
        member.annotation = type_name(info.annotation)
        member.value = None if info.is_required() else default_text(info.get_default(call_default_factory=True))
        member.labels = {"field"}


def taxonomy_values(schema: dict[str, Any]) -> str:
    """The values a field takes from the taxonomy, read from its JSON Schema (``""`` if none)."""
    from pracbase.taxonomy import TAXONOMY

    values = schema.get("enum") or schema.get("items", {}).get("enum") or []
    for name, vocabulary in TAXONOMY.vocabularies.items():
        if values and values == vocabulary.ids:
            return f" Values (`kb.taxonomy.{name}`): " + ", ".join(f"`{value}`" for value in values) + "."
    return ""


def type_name(annotation: Any) -> str:
    """A field's type as a reader needs it: ``list[str]``, ``Period``, ``int | None`` (no validators)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(arg) for arg in args)
    if origin is typing.Literal:
        return " | ".join(repr(arg) for arg in args)
    if origin is not None:
        return f"{getattr(origin, '__name__', str(origin))}[{', '.join(type_name(arg) for arg in args)}]"
    if annotation is type(None):
        return "None"
    return getattr(annotation, "__name__", str(annotation))


def default_text(value: Any) -> str:
    """A field's default as code: ``[]``, ``'unknown'``, ``Period()``."""
    from pydantic import BaseModel

    return f"{type(value).__name__}()" if isinstance(value, BaseModel) else repr(value)


def _final(obj: Any) -> Any:
    try:
        return obj.final_target if obj.is_alias else obj
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _members(obj: Any) -> list[Any]:
    if not isinstance(obj, griffe.Class):
        return []
    return [member for member in obj.members.values() if not member.is_alias]
