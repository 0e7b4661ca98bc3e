"""What axe-core does not judge about a page's structure, read from its HTML (issue 15, point 8).

- every id named by ``aria-describedby``, ``aria-labelledby`` or a label's ``for`` exists;
- headings go down one level at a time (an h2 may follow an h4, an h4 never an h2), starting
  at the page's one h1;
- every fieldset has a legend with text (a fieldset without one is an unnamed group).

``read(html)`` gives a :class:`Structure` with its forms too, so a test can fill them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_REFERENCES = ("aria-describedby", "aria-labelledby")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


@dataclass
class Form:
    action: str
    method: str
    hidden: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)  # names of text inputs, selects, textareas
    submit: tuple[str, str] | None = None  # the first named submit button (name, value)


@dataclass
class Structure:
    ids: set[str] = field(default_factory=set)
    references: list[tuple[str, str, str]] = field(default_factory=list)  # (attr, id, tag)
    headings: list[tuple[int, str]] = field(default_factory=list)
    fieldsets_without_legend: int = 0
    forms: list[Form] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = [
            f'{attr}="{target}" on <{tag}>: no element has this id'
            for attr, target, tag in self.references if target not in self.ids
        ]
        levels = [level for level, _ in self.headings]
        if levels.count(1) != 1:
            found.append(f"{levels.count(1)} h1 headings (one expected)")
        if levels and levels[0] != 1:
            found.append(f"the first heading is h{levels[0]} «{self.headings[0][1]}», not h1")
        for (before, _), (level, text) in zip(self.headings, self.headings[1:], strict=False):
            if level > before + 1:
                found.append(f"h{level} «{text}» follows an h{before}: a level is skipped")
        if self.fieldsets_without_legend:
            found.append(f"{self.fieldsets_without_legend} fieldset(s) without a legend")
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.structure = Structure()
        self._heading: tuple[int, list[str]] | None = None
        self._fieldsets: list[dict[str, object]] = []  # {"legend": bool, "text": [..] | None}
        self._legend_text: list[str] | None = None
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if ident := values.get("id"):
            self.structure.ids.add(ident)
        for attr in _REFERENCES:
            for target in values.get(attr, "").split():
                self.structure.references.append((attr, target, tag))
        if tag == "label" and values.get("for"):
            self.structure.references.append(("for", values["for"], tag))
        if tag in _HEADINGS:
            self._heading = (_HEADINGS[tag], [])
        elif tag == "fieldset":
            self._fieldsets.append({"legend": False})
        elif tag == "legend" and self._fieldsets:
            self._legend_text = []
        elif tag == "form":
            self._form = Form(values.get("action", ""), values.get("method", "get").lower())
            self.structure.forms.append(self._form)
        elif self._form is not None and tag == "input" and values.get("type") == "hidden":
            self._form.hidden[values.get("name", "")] = values.get("value", "")
        elif (self._form is not None and tag in ("input", "select", "textarea")
              and values.get("name") and values.get("type", "text") not in (
                  "checkbox", "radio", "file", "submit", "button")):
            self._form.fields.append(values["name"])
        elif (self._form is not None and tag == "button" and self._form.submit is None
              and values.get("type", "submit") == "submit" and values.get("name")
              and not values.get("formaction")):
            self._form.submit = (values["name"], values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self._heading is not None:
            level, text = self._heading
            self.structure.headings.append((level, " ".join("".join(text).split())))
            self._heading = None
        elif tag == "legend" and self._legend_text is not None:
            if "".join(self._legend_text).strip() and self._fieldsets:
                self._fieldsets[-1]["legend"] = True
            self._legend_text = None
        elif tag == "fieldset" and self._fieldsets:
            if not self._fieldsets.pop()["legend"]:
                self.structure.fieldsets_without_legend += 1
        elif tag == "form":
            self._form = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading[1].append(data)
        if self._legend_text is not None:
            self._legend_text.append(data)


def read(html: str) -> Structure:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.structure
