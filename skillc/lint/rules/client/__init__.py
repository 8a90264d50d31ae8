"""Lint rules of the client family; `MODULES` lists them, one rule per module."""

from __future__ import annotations

MODULES: tuple[str, ...] = ()
