"""``skillc eval-triggers``: score a library's trigger evals offline.

Each skill's eval set is read from its ``evals/evals.json`` in skill-creator's trigger format (a
list of ``{"query", "should_trigger"}``; ``prompt`` is accepted for ``query``, and a
``{"evals": [...]}`` wrapper), or generated as ``skillc optimize`` would write it (SK163). The
library's names and descriptions (front matter as written) are the router's documents; every
query is routed by BM25 (`skillc.passes.router`) and each skill gets its recall (should-trigger
requests routed to it) and false triggers (near misses routed to it). A malformed evals file is
an input error naming the file (SK160), never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from skillc.compiler.optimize import EVALS, decoded, read_skill
from skillc.compiler.optimize.inputs import read_inputs
from skillc.diagnostics import Diagnostic, Severity
from skillc.package.reader import package_from_texts
from skillc.passes.trigger_evals import EvalQuery, Score, eval_sets, score, should_trigger


@dataclass(slots=True)
class Evaluation:
    """Per-skill scores, the mean recall, and what was noted or refused on the way."""

    scores: tuple[Score, ...] = ()
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(s.recall for s in self.scores) / len(self.scores) if self.scores else 0.0


def evaluate(paths: list[str]) -> Evaluation:
    """Score every skill of the library ``paths`` name."""
    inputs = read_inputs(paths)
    result = Evaluation(errors=list(inputs.errors), notes=list(inputs.warnings))
    descriptions: dict[str, str] = {}
    given: dict[str, tuple[EvalQuery, ...]] = {}
    queries: dict[str, tuple[str, ...]] = {}
    for package in inputs.packages:
        skill = read_skill(package, result.errors)
        if skill is None:
            continue
        descriptions[package.out] = description_of(package.files.get(package.skill_path, b""))
        queries[package.out] = should_trigger(skill)
        if EVALS in package.files:
            read = _read_evals(package.files[EVALS], f"{package.display}/{EVALS}", result.errors)
            if read is not None:
                given[package.out] = read
    generated = eval_sets(queries, {n: d or n for n, d in descriptions.items()})
    sets = {}
    for name in sorted(queries):
        if name in given:
            sets[name] = given[name]
        else:
            sets[name] = generated[name]
            message = f"{name}: no {EVALS}; scored with {len(generated[name])} generated queries"
            result.notes.append(Diagnostic(code="SK163", message=message, severity=Severity.INFO))
    result.scores = score(sets, descriptions)
    return result


def description_of(data: bytes) -> str:
    """The description of a SKILL.md as written (``""`` when it has none, or not a string)."""
    front = package_from_texts("skill", {"SKILL.md": decoded(data)}).front_matter
    found = front.get("description") if front.present else None
    return found.value if found is not None and isinstance(found.value, str) else ""


def _read_evals(data: bytes, shown: str, errors: list[Diagnostic]) -> tuple[EvalQuery, ...] | None:
    """The eval set of one file, or None (and an SK160 error) when it is not one."""
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        errors.append(_bad(shown, f"not JSON: {exc}"))
        return None
    entries = loaded.get("evals") if isinstance(loaded, dict) else loaded
    if not isinstance(entries, list):
        errors.append(_bad(shown, "expected a list of {query, should_trigger} objects"))
        return None
    found = []
    for number, entry in enumerate(entries, start=1):
        query = entry.get("query", entry.get("prompt")) if isinstance(entry, dict) else None
        should = entry.get("should_trigger") if isinstance(entry, dict) else None
        if not isinstance(query, str) or not isinstance(should, bool):
            errors.append(
                _bad(shown, f"entry {number} needs a string query and a boolean should_trigger")
            )
            return None
        found.append(EvalQuery(query=query, should_trigger=should))
    return tuple(found)


def _bad(shown: str, message: str) -> Diagnostic:
    return Diagnostic(code="SK160", message=message, severity=Severity.ERROR, path=shown)
