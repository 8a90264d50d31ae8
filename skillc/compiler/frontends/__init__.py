"""Frontends: each turns one kind of input into SSL skills with provenance.

One package per kind (`markdown`, `rst`, `html`, `pdf`, `skills`), each exporting one
`frontend.Frontend` object; `table.FRONTENDS` lists them, and is the only place that does.
`guide` holds what the guide frontends share: pieces and their sink, scenes, steps, the
vocabulary, directives, cross-references, text helpers, inventories and `FrontendResult`.

Every frontend returns a `FrontendResult` (skills plus diagnostics), is deterministic, and
fills only what its source states. Nothing here imports a parser library until a page is read.
"""
