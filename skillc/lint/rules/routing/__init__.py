"""Lint rules of the routing family; `MODULES` lists them, one rule per module."""

from __future__ import annotations

MODULES: tuple[str, ...] = ()
