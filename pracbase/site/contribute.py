"""The Contribute page's form: its data (written per language at :data:`DATA_PATH`) and markup.

``assets/contribute.js`` (loaded on that page only, by ``overrides/main.html``) builds a
practice's YAML in the browser from the form, checks it against the practice's JSON Schema
(the very schema ``pracbase schema`` writes and ``/api/`` publishes, carried in the data
file: the script reads the rules from it and holds no copy of its own) and offers it to copy,
or opens GitHub's "new file" page with it when ``mkdocs.yml`` sets ``repo_url``.

Without JavaScript the page keeps its written steps (``pracbase new practice``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from pracbase.loader import REQUIRED_LANGUAGES
from pracbase.schema import json_schema
from pracbase.site.explorer import ASSETS_PATH

if TYPE_CHECKING:
    from collections.abc import Callable

    from pracbase.kb import KnowledgeBase

DATA_PATH = f"{ASSETS_PATH}/contribute.json"
"""Where the site writes :func:`contribute_data`, relative to each language's site root."""

SCRIPT = f"{ASSETS_PATH}/contribute.js"
"""The form's script, loaded by the page whose front matter names it (``pracbase_script``)."""

VOCABULARIES = ("levels", "themes", "concerns", "target_groups")
"""The taxonomy's lists the form offers, in the order of a practice's fields."""


def contribute_data(kb: KnowledgeBase, lang: str, _: Callable[[str], str]) -> dict[str, Any]:
    """What the form offers in ``lang``: the taxonomy's values, the cities and sources by id,
    the JSON Schemas of a practice and of a source, and the words of the schema's errors."""
    vocabularies = kb.taxonomy.vocabularies
    return {
        "lang": lang,
        "vocabularies": {name: [[term.id, term.label_in(lang)] for term in vocabularies[name]]
                         for name in VOCABULARIES},
        "cities": sorted(([city.id, city.heading_in(lang)] for city in kb.cities.values()), key=lambda c: c[1]),
        "sources": [[source.id, source.heading.get(lang, source.language).text] for source in kb.sources.values()],
        "schemas": {"practice": json_schema("practice"), "source": json_schema("source")},
        "languages": list(REQUIRED_LANGUAGES),
        "messages": {
            "required": _("{path}: missing (the schema requires it)"),
            "type": _("{path}: wrong kind of value (expected: {limit})"),
            "enum": _("{path}: not one of the allowed values"),
            "pattern": _("{path}: not written in the expected form"),
            "format": _("{path}: not a valid {limit}"),
            "minLength": _("{path}: empty"),
            "maxLength": _("{path}: too long (at most {limit} characters)"),
            "minItems": _("{path}: choose at least {limit}"),
            "maxItems": _("{path}: at most {limit}"),
            "uniqueItems": _("{path}: the same value twice"),
            "minimum": _("{path}: at least {limit}"),
            "maximum": _("{path}: at most {limit}"),
            "minProperties": _("{path}: empty"),
            "additionalProperties": _("{path}: not a field of the schema"),
            "other": _("{path}: does not follow the schema"),
            "github": _("Open it on GitHub as a new file"),
            "fr": _("{path}: no French text (fr)"),
            "en": _("{path}: no English text (en)"),
        },
    }


def form(lang: str, _: Callable[[str], str]) -> str:
    """The form's HTML, in a ``<div>`` the script reveals (hidden without JavaScript)."""
    def e(text: str) -> str:
        return html.escape(text, quote=True)

    strings = {
        "src": DATA_PATH,
        "lang": lang,
        "valid": _("The record follows the schema. Here is practices/{id}.yml:"),
        "invalid": _("The record does not follow the schema yet:"),
        "copied": _("Copied."),
        "copy": _("Copy {file}"),
        "no-repo": _("This site does not name its repository (repo_url in mkdocs.yml): copy the text and "
                     "add the file to the repository yourself."),
        "error": _("The form's data could not be loaded."),
        "new-city": _("A new city…"),
        "new-source": _("A new web page…"),
        "choose": _("Choose…"),
        "source-note": _("Also add this file as sources/{id}.yml:"),
        "city-note": _("The city is new: create cities/{id}.yml with `pracbase new city --id {id}` in the same "
                       "pull request."),
        "untranslated": _("Every text is written in French and in English, and the checks of the pull request "
                          "refuse a text without one of them:"),
        "translate": _("If you cannot translate, you may still open the pull request with this file: say so in "
                       "it, and a maintainer will add the missing translations."),
        "remove": _("Remove"),
        "remove-label": _("Remove {item}"),
        "numbered": _("{label} {n}"),
        "of-item": _("{label} ({item})"),
    }
    attributes = " ".join(f'data-{name}="{e(value)}"' for name, value in strings.items())

    def text(name: str, label: str, kind: str = "input", hint: str = "", extra: str = "") -> str:
        field = (f'<textarea id="pb-c-{name}" name="{name}" rows="4"></textarea>' if kind == "textarea"
                 else f'<input id="pb-c-{name}" name="{name}" type="{kind}" autocomplete="off"{extra}'
                      + (f' aria-describedby="pb-c-{name}-hint"' if hint else "") + ">")
        note = f'<small id="pb-c-{name}-hint">{e(hint)}</small>' if hint else ""
        return f'<p class="pb-contrib__field"><label for="pb-c-{name}">{e(label)}</label>{field}{note}</p>'

    def choices(name: str, label: str) -> str:
        return (f'<fieldset class="pb-contrib__choices" data-vocabulary="{name}"><legend>{e(label)}</legend>'
                f'<div class="pb-contrib__values"></div></fieldset>')

    def select(name: str, label: str) -> str:
        return (f'<p class="pb-contrib__field"><label for="pb-c-{name}">{e(label)}</label>'
                f'<select id="pb-c-{name}" name="{name}"></select></p>')

    def group(name: str, legend: str, row: str, add: str) -> str:
        """A list of rows (cities, sources): the first is written here, the script adds and removes others."""
        return (f'<fieldset class="pb-contrib__group" data-group="{name}"><legend>{e(legend)}</legend>'
                f'<div class="pb-contrib__row" data-row="1">{row}</div>'
                f'<button type="button" class="md-button pb-contrib__add" data-add="{name}">{e(add)}</button>'
                "</fieldset>")

    submit = _("Check and show the YAML")
    languages = _("Write every text in French and in English: the checks of the pull request refuse a text "
                  "without one of them. If you cannot translate, write the language you can and say so in the "
                  "pull request: a maintainer will translate.")
    parts = [
        f'<div class="pb-contrib" hidden {attributes}>',
        '<form class="pb-contrib__form" novalidate>',
        text("id", _("Id of the practice"), hint=_("lowercase letters, digits and hyphens, such as "
                                                    "grenoble-parents-cafe; it becomes the file name")),
        f'<p class="pb-contrib__languages">{e(languages)}</p>',
        text("title-fr", _("Title in French")),
        text("title-en", _("Title in English")),
        text("summary-fr", _("Summary in French"), "textarea"),
        text("summary-en", _("Summary in English"), "textarea"),
        text("description-fr", _("Description in French"), "textarea"),
        text("description-en", _("Description in English"), "textarea"),
        group("city", _("Cities of the practice"),
              select("city", _("City of the practice"))
              + '<div class="pb-contrib__new" data-new="city" hidden>'
              + text("city-id", _("Id of the new city"), hint=_("lowercase, such as grenoble")) + "</div>",
              _("Add a city")),
        choices("levels", _("Prevention levels")),
        choices("themes", _("Themes")),
        choices("concerns", _("Concerns addressed")),
        choices("target_groups", _("Target groups")),
        group("source", _("Sources"),
              select("source", _("Source"))
              + '<div class="pb-contrib__new" data-new="source" hidden>'
              + text("source-id", _("Id of the new source"), hint=_("lowercase, such as grenoble-parents-cafe-page"))
              + text("source-title", _("Title of the page, as written"))
              + text("source-publisher", _("Publisher or author organisation"))
              + text("source-url", _("Address (https://…)"), "url")
              + text("source-consulted", _("Date consulted"), "date")
              + "</div>"
              + text("section", _("Section cited"),
                     hint=_("the heading or box of the source that describes the practice"))
              + text("page", _("Page (if the source has pages)"), "number", extra=' min="1" inputmode="numeric"'),
              _("Add a source")),
        f'<button type="submit" class="md-button md-button--primary">{e(submit)}</button>',
        "</form>",
        '<div class="pb-contrib__result" role="status" aria-live="polite"></div>',
        "</div>",
    ]
    return "\n".join(parts)
