"""The pass registry: every analysis and transform, with its declared dependencies.

Passes register themselves with the `transform` and `analysis` decorators when their module is
imported (`skillc.passes.load_all` imports them all). The manager (`skillc.passes.manager`) orders
them with a deterministic topological sort over ``requires`` and runs them, caching analyses in the
`PassContext` until a transform that does not ``preserve`` them runs.

A transform is a pure function ``(module, ctx) -> module``; an analysis is ``(module, ctx) -> R``
where ``R`` is an immutable result. Passes see only the module and ``ctx.options``: no clock, no
randomness, no absolute paths, so builds stay byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from skillc.diagnostics import Diagnostic
from skillc.ir.nodes import SkillModule


class Kind(StrEnum):
    ANALYSIS = "analysis"
    TRANSFORM = "transform"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassInfo:
    """A registered pass. ``preserves=("*",)`` means the transform invalidates no analysis."""

    name: str
    kind: Kind
    fn: Callable[[SkillModule, PassContext], Any]
    requires: tuple[str, ...] = ()
    preserves: tuple[str, ...] = ()
    idempotent: bool = False
    doc: str = ""


@dataclass(slots=True, kw_only=True)
class PassContext:
    """What a pass may see besides the module: build options, analyses, a diagnostic sink.

    ``options`` holds build settings (``name_prefix``, ``max_body_lines``, ...). Analyses are
    computed on first use through `analysis` and cached until invalidated by the manager.
    """

    options: Mapping[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    module: SkillModule = field(default_factory=SkillModule)
    registry: Mapping[str, PassInfo] | None = None

    def analysis(self, name: str) -> Any:
        """The result of analysis ``name`` on the current module, computed at most once."""
        if name not in self.cache:
            registry = PASSES if self.registry is None else self.registry
            info = registry[name]
            if info.kind is not Kind.ANALYSIS:
                raise KeyError(f"{name} is a transform, not an analysis")
            self.cache[name] = info.fn(self.module, self)
        return self.cache[name]

    def report(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic; the build prints it and decides the exit code."""
        self.diagnostics.append(diagnostic)


PASSES: dict[str, PassInfo] = {}

F = TypeVar("F", bound=Callable[..., Any])


def _register(info: PassInfo) -> None:
    if info.name in PASSES and PASSES[info.name].fn is not info.fn:
        raise ValueError(f"pass {info.name!r} is registered twice")
    PASSES[info.name] = info


def transform(
    name: str,
    *,
    requires: tuple[str, ...] = (),
    preserves: tuple[str, ...] = (),
    idempotent: bool = False,
) -> Callable[[F], F]:
    """Register a transform ``(module, ctx) -> module`` under ``name`` and return it unchanged."""

    def decorate(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        _register(
            PassInfo(
                name=name,
                kind=Kind.TRANSFORM,
                fn=fn,
                requires=requires,
                preserves=preserves,
                idempotent=idempotent,
                doc=doc[0] if doc else "",
            )
        )
        return fn

    return decorate


def analysis(name: str, *, requires: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Register an analysis ``(module, ctx) -> result`` under ``name`` and return it unchanged."""

    def decorate(fn: F) -> F:
        doc = (fn.__doc__ or "").strip().splitlines()
        _register(
            PassInfo(
                name=name,
                kind=Kind.ANALYSIS,
                fn=fn,
                requires=requires,
                doc=doc[0] if doc else "",
            )
        )
        return fn

    return decorate
