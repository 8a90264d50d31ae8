"""Backends: turn compiled SSL modules into files (Agent Skills packages, manifests, reports)."""
