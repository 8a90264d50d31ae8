"""The Agent Skills package model, shared by the backend, lint and scan.

`model` is one package as rules see it (files, front matter, links); `reader` builds it from a
folder or from texts in memory; `frontmatter` parses SKILL.md's YAML block with exact positions;
`yaml_text` quotes front matter values; `emit` turns a compiled skill into a package. Nothing
here imports the compiler or lint; imports stay lazy so ``skillc lint`` starts fast.
"""
