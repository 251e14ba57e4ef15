"""Commented YAML templates of new records, for ``pracbase new``.

A template lists every field of its record type in file order, with what the field
means (French and English, from ``data/fields.yml``) and its allowed values (from the
taxonomy). It is generated from the JSON Schema editors use, so it never lags behind
the models. Placeholders are empty (``""``, ``[]``, ``null``) so that ``pracbase
validate`` points at every line still to fill in; optional parts that many records leave
out are commented out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from pracbase import schema as schemas
from pracbase._files import write_atomic
from pracbase.errors import PracbaseError
from pracbase.models import Invalid, LocalizedText, _check_id
from pracbase.taxonomy import TAXONOMY

INDENT = "  "

_HEADER = """\
#
# Remplissez chaque "", [] et null ; supprimez les parties facultatives inutiles ou laissez-les
# en commentaire. Lancez ensuite `pracbase validate` (il indique chaque ligne à corriger) puis
# `pracbase fmt`. Règles (sources, traductions, données personnelles) : CONTRIBUTING.fr.md.
# Fill in every "", [] and null; delete the optional parts you do not need or leave them
# commented out. Then run `pracbase validate` (it points at every line still to fix) and
# `pracbase fmt`. Rules (sources, translations, personal data): CONTRIBUTING.md."""


class RecordExistsError(PracbaseError, FileExistsError):
    """``pracbase new`` refuses to replace a record file that already exists."""


def template(record_type: str, id: str | None = None, today: date | None = None, optional: bool = False) -> str:
    """The commented YAML template of a new ``record_type`` record (``practice``, ``city``…).

    ``id`` fills in the ``id:`` field (left empty otherwise); ``today`` (default: today)
    fills in ``last_reviewed``; ``optional`` writes the optional parts uncommented.
    """
    schema = schemas.json_schema(record_type)
    model = schemas.record_types()[record_type]
    if id is not None:
        check_new_id(id)
    writer = _Writer(schema, model, today or date.today(), optional)
    lines = [f"# yaml-language-server: $schema=../schemas/{record_type}.schema.json",
             *(f"# {text}" for text in schemas.model_doc(model).values()), _HEADER]
    for name, prop in schema["properties"].items():
        lines += ["", *writer.field(name, prop, name in schema.get("required", []), id)]
    return "\n".join(lines) + "\n"


def check_new_id(id: str) -> str:
    """``id`` when it is a valid record id; :class:`PracbaseError` with a suggestion otherwise."""
    try:
        return _check_id(id)
    except Invalid as exc:
        raise PracbaseError(f"invalid id: {exc.message} ({exc.hint})") from None


def new_record(record_type: str, id: str, root: str | Path = ".", today: date | None = None) -> Path:
    """Write the template of a new record to its folder under ``root``; the path written.

    Raises :class:`RecordExistsError` when the file exists: nothing is ever overwritten.
    """
    text = template(record_type, id, today)
    folder = schemas.record_types()[record_type].folder
    path = Path(root) / folder / f"{id}.yml"
    try:
        write_atomic(path, text, exclusive=True)
    except FileExistsError:
        raise RecordExistsError(f"{folder}/{id}.yml already exists: edit it, or choose another id") from None
    return path


class _Writer:
    """Renders the fields of a record's JSON Schema as commented YAML with empty placeholders."""

    def __init__(self, schema: dict[str, Any], model: type[BaseModel], today: date, optional: bool) -> None:
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.models = {m.__name__: m for m in schemas.nested_models(model)}
        self.model, self.today, self.optional = model, today, optional
        localized = {name for name, m in self.models.items() if issubclass(m, LocalizedText)}
        self.localized = localized | {name + schemas.AS_PRINTED for name in localized}

    def field(self, name: str, prop: dict[str, Any], required: bool, id: str | None) -> list[str]:
        """A top-level field: what it means, its sub-fields and allowed values, its placeholder."""
        target, ref, _ = self._resolve(prop)
        lines = [f"# {text}" for text in _descriptions(prop)]
        if required:
            lines[-1] += " (obligatoire / required)"
        lines += self._allowed(target, "#   ")
        nested = ref if ref in self.models else self._item_ref(target)
        if nested is not None and nested not in self.localized:
            for sub, subprop in self.defs[nested]["properties"].items():
                lines.append(f"#   {sub}: {' / '.join(_descriptions(subprop))}")
                lines += self._allowed(self._resolve(subprop)[0], "#     ")
        if name == "id":
            return [*lines, f"id: {id}" if id else 'id: ""']
        return lines + self._value(name, prop, required, self.model, "")

    # --- values ----------------------------------------------------------------------------

    def _value(self, name: str, prop: dict[str, Any], required: bool, model: type[BaseModel],
               indent: str) -> list[str]:
        """``name: placeholder`` lines at ``indent``, commented out when the part is optional."""
        target, ref, nullable = self._resolve(prop)
        lines = self._placeholder(name, prop, target, ref, nullable, model, indent)
        optional_part = not required and (
            (nullable and (ref is not None or target.get("type") == "string"))
            or (target.get("type") == "array" and self._item_ref(target) is not None))
        if optional_part and not self.optional and target.get("format") != "date":  # the date is filled in
            lines = [f"{indent}# {line[len(indent):]}" for line in lines]
        return lines

    def _placeholder(self, name: str, prop: dict[str, Any], target: dict[str, Any], ref: str | None,
                     nullable: bool, model: type[BaseModel], indent: str) -> list[str]:
        key = f"{indent}{name}:"
        if ref in self.localized:
            if schemas.is_block_text(model, name):
                return [key, *(f"{indent}{INDENT}{lang}: |" for lang in schemas.LANGUAGES)]
            if indent:
                return [f"{key} {{{', '.join(f'{lang}: {chr(34) * 2}' for lang in schemas.LANGUAGES)}}}"]
            return [key, *(f'{indent}{INDENT}{lang}: ""' for lang in schemas.LANGUAGES)]
        if ref in self.models:
            return [key, *self._fields(ref, indent + INDENT)]
        item = self._item_ref(target)
        if item is not None:
            entry = self._fields(item, indent + INDENT * 2)
            entry[0] = f"{indent}{INDENT}- {entry[0].lstrip()}"
            return [key, *entry]
        if target.get("type") == "array":
            return [f"{key} []"]
        if prop.get("default") is not None:
            return [f"{key} {_scalar(prop['default'])}"]
        if target.get("format") == "date":
            return [f"{key} {self.today.isoformat()}"]
        if target.get("type") in ("integer", "number"):
            return [f"{key} null"]
        return [f'{key} ""']

    def _fields(self, ref: str, indent: str) -> list[str]:
        definition, model = self.defs[ref], self.models[ref]
        lines: list[str] = []
        for sub, subprop in definition["properties"].items():
            lines += self._value(sub, subprop, sub in definition.get("required", []), model, indent)
        return lines

    # --- schema helpers --------------------------------------------------------------------

    def _resolve(self, prop: dict[str, Any]) -> tuple[dict[str, Any], str | None, bool]:
        """The schema behind ``prop``, its definition's name (if any) and whether null is allowed."""
        nullable = False
        if "anyOf" in prop:
            options = [p for p in prop["anyOf"] if p.get("type") != "null"]
            nullable, prop = len(options) < len(prop["anyOf"]), options[0]
        if "allOf" in prop:
            prop = prop["allOf"][0]
        if "$ref" in prop:
            name = prop["$ref"].rsplit("/", 1)[-1]
            return self.defs[name], name, nullable
        return prop, None, nullable

    @staticmethod
    def _item_ref(target: dict[str, Any]) -> str | None:
        ref = target.get("items", {}).get("$ref") if target.get("type") == "array" else None
        return ref.rsplit("/", 1)[-1] if ref else None

    @staticmethod
    def _allowed(target: dict[str, Any], prefix: str) -> list[str]:
        """One comment line per allowed value of a controlled field: ``value: label``."""
        values = target.get("enum") or target.get("items", {}).get("enum") or []
        labels = schemas.value_labels(values) or [""] * len(values)
        return [f"{prefix}{_scalar(value)}: {label}".rstrip(": ") for value, label in zip(values, labels, strict=True)]


def _descriptions(prop: dict[str, Any]) -> list[str]:
    return [part for part in prop.get("description", "").split("\n\n") if part]


def _scalar(value: Any) -> str:
    """A placeholder or default value as YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str) and value.isdigit():
        return f'"{value}"'
    return str(value)


# --- the issue form ------------------------------------------------------------------------------


def issue_form() -> str:
    """The GitHub issue form to propose a practice without writing YAML (its lists follow the taxonomy).

    ``scripts/issue_form.py`` writes it to ``.github/ISSUE_TEMPLATE/propose-a-practice.yml``.
    """
    def field(kind: str, id: str, label: str, required: bool = True, **attributes: Any) -> dict[str, Any]:
        item: dict[str, Any] = {"type": kind, "id": id, "attributes": {"label": label, **attributes}}
        if required:
            item["validations"] = {"required": True}
        return item

    def options(vocabulary: str) -> list[str]:
        return [f"{t.label_in('en')} / {t.label_in('fr')} ({t.id})" for t in TAXONOMY.vocabularies[vocabulary]]

    form = {
        "name": "Propose a practice / Proposer une pratique",
        "description": "Tell us what a city does to prevent hate, violent extremism or polarisation. / Décrivez "
                       "ce que fait une ville pour prévenir la haine, l'extrémisme violent ou la polarisation.",
        "title": "Practice: ",
        "labels": ["practice proposal"],
        "body": [
            {"type": "markdown", "attributes": {"value": (
                "Thank you! Write in English or in French (both is even better), in your own words. Name "
                "organisations and roles, never private individuals. We will ask you if something is missing.\n\n"
                "Merci ! Écrivez en français ou en anglais (les deux, c'est encore mieux), avec vos propres mots. "
                "Nommez des organisations et des fonctions, jamais des personnes privées. Nous vous contacterons "
                "s'il manque quelque chose.\n")}},
            field("input", "title", "Name of the practice / Nom de la pratique",
                  placeholder="Multi-agency case meetings with the police"),
            field("input", "cities", "City or local authority, and country / Ville ou collectivité, et pays",
                  placeholder="Mechelen, Belgium"),
            field("textarea", "summary", "Summary / Résumé",
                  description="Two or three sentences: who did what, where and why. / "
                              "Deux ou trois phrases : qui a fait quoi, où et pourquoi."),
            field("textarea", "description", "Description",
                  description="Context, what was done, with whom, results and lessons. / "
                              "Contexte, ce qui a été fait, avec qui, résultats et enseignements."),
            field("dropdown", "levels", "Prevention levels / Niveaux de prévention", multiple=True,
                  options=options("levels")),
            field("dropdown", "themes", "Themes / Thèmes", multiple=True, options=options("themes")),
            field("textarea", "actors", "Organisations taking part / Organisations participantes", required=False,
                  description="Organisations and institutional roles only. / Organisations et fonctions seulement.",
                  placeholder="Mechelen local police; the city's Social Prevention department"),
            field("input", "period", "Years / Années", required=False, placeholder="2015 – ongoing / en cours"),
            field("textarea", "publication", "Source: title, publisher or author organisation, year, web address / "
                                             "Source : titre, éditeur ou organisation autrice, année, adresse web",
                  description="Any source: a publication, a web page, the city's own document, a project report, "
                              "an evaluation. / Toute source : publication, page web, document de la ville, "
                              "rapport de projet, évaluation.",
                  placeholder="Prévenir la haine, l'extrémisme et la polarisation – Un guide pour les villes, "
                              "Strong Cities Network, 2023"),
            field("textarea", "source", "Section, page or web address of the source / "
                                        "Section, page ou adresse web de la source",
                  description="Where exactly the source describes the practice. / "
                              "Où la source décrit précisément la pratique."),
            field("checkboxes", "rules", "Rules / Règles", required=False, options=[
                {"label": "I wrote in my own words and nothing here identifies a private person. / "
                          "J'ai écrit avec mes propres mots et rien ici n'identifie une personne privée.",
                 "required": True},
                {"label": "The information comes from the source above and may be published under the "
                          "project's licence. / Les informations viennent de la source ci-dessus et peuvent "
                          "être publiées sous la licence du projet.",
                 "required": True},
            ]),
        ],
    }
    header = ("# A form to propose a practice without writing YAML; a maintainer turns it into a record.\n"
              "# Generated from pracbase/data/taxonomy.yml by scripts/issue_form.py: do not edit by hand.\n")
    return header + yaml.dump(form, Dumper=_FormDumper, allow_unicode=True, sort_keys=False, width=1_000_000)


class _FormDumper(yaml.SafeDumper):
    """Texts of several lines as ``|`` blocks; list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_FormDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))
