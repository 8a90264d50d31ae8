"""Where ``skillc optimize`` writes a package, and the ``name`` it gives it: folder == name.

The spec (and the reference validator) want a skill's folder named as its front matter's
``name``. Hand-written libraries often disagree (folder ``fine-tuning-axolotl`` holding
``name: axolotl``; folder ``xss-html-injection`` holding ``name: Cross-Site Scripting and HTML
Injection Testing``). What a user expects from an optimised copy:

- the ``name`` is valid: it is what clients show and what the skill is invoked by, so the output
  folder takes the name (``.../axolotl``), and a PV038 warning names the input folder;
- the ``name`` is missing or invalid: the folder name, when valid, becomes the name (a title
  such as "XSS Testing" is not an identifier; the folder is what the author typed as one);
  otherwise a name derived from the name, or from the folder (`package_name`). PV038 says which.

Two inputs that land in one output folder are refused (SK162, in the driver), naming both.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import yaml

from skillc.package.reader import package_from_texts
from skillc.package.yaml_text import yaml_string
from skillc.passes.normalize_names import MAX_NAME, package_name


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a package goes (``out``), the name to write into its front matter (None: keep
    it), and why (a PV038 message, "" when folder and name already agree)."""

    out: str
    name: str | None = None
    note: str = ""


def valid_name(name: str) -> bool:
    """The reference validator's name rule: lowercase letters, digits and single inner hyphens,
    at most 64 characters (after NFKC, as it reads it)."""
    name = unicodedata.normalize("NFKC", name.strip())
    return (
        0 < len(name) <= MAX_NAME
        and name == name.lower()
        and not name.startswith("-")
        and not name.endswith("-")
        and "--" not in name
        and all(c.isalnum() or c == "-" for c in name)
    )


def place(out: str, text: str) -> Placement:
    """Where the package at ``out`` (its SKILL.md ``text``) is written, and under which name."""
    parent, _, folder = out.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    field = front.get("name") if front.present and front.closed and not front.error else None
    written = field.value if field is not None else None
    if isinstance(written, str) and valid_name(written):
        name = unicodedata.normalize("NFKC", written.strip())
        if name == unicodedata.normalize("NFKC", folder):
            return Placement(out)
        note = (
            f"written to {prefix}{name}/: the folder is {folder}/ but its front matter says "
            f"name: {name} (the spec wants the folder named as the skill)"
        )
        return Placement(prefix + name, None, note)
    if not (front.present and front.closed) or front.error:
        if valid_name(folder):  # no front matter to edit: the splice writes the folder's name
            return Placement(out)
        chosen = package_name(folder)
        note = f"written to {prefix}{chosen}/: the folder name {folder} is not a valid skill name"
        return Placement(prefix + chosen, chosen, note)
    if valid_name(folder):
        chosen, source = unicodedata.normalize("NFKC", folder), "the folder's"
    else:
        raw = written if isinstance(written, str) and written.strip() else folder
        chosen, source = package_name(raw), "derived"
    shown = "missing" if field is None else f"`{_flat(field.raw)}`, not a valid skill name"
    note = f"name {shown}: written as {chosen} ({source} name), to {prefix}{chosen}/"
    return Placement(prefix + chosen, chosen, note)


def with_name(text: str, name: str) -> str:
    """SKILL.md ``text`` with its front matter's ``name`` set to ``name`` (added when missing);
    unchanged when there is no front matter to edit (the splice makes one with the name)."""
    front = package_from_texts("skill", {"SKILL.md": text}).front_matter
    if not (front.present and front.closed) or front.error:
        return text
    value = name if _plain(name) else yaml_string(name)
    field = front.get("name")
    if field is not None:
        span = field.value_span
        if field.style in ("literal", "folded", "block"):
            return text[: span.start] + value + "\n" + text[span.end :].lstrip(" ")
        return text[: span.start] + value + text[span.end :]
    return text[: front.offset] + f"name: {value}\n" + text[front.offset :]


def _plain(name: str) -> bool:
    """True when ``name`` reads back as itself unquoted (``123`` and ``null`` do not)."""
    try:
        return bool(yaml.safe_load(f"k: {name}") == {"k": name})
    except yaml.YAMLError:
        return False


def _flat(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
