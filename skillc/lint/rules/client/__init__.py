"""Lint rules of the client family (PK2xx, warnings); `MODULES` lists them, one rule per module.

Valid per spec, but a client (or a validator people run) rejects or mangles it. Each rule's
documentation cites the client behaviour it guards against.
"""

from __future__ import annotations

MODULES: tuple[str, ...] = tuple(
    f"skillc.lint.rules.client.{name}"
    for name in (
        "reserved_word_in_name",  # PK201
        "angle_brackets_in_description",  # PK202
        "unquoted_yaml_value",  # PK203
        "triple_dash_in_front_matter",  # PK204
        "lowercase_skill_md",  # PK205
        "multiline_description",  # PK206
        "name_folder_nfkc_mismatch",  # PK207
        "byte_order_mark",  # PK208
        "crlf_front_matter",  # PK209
        "yaml11_typed_value",  # PK210
        "strictyaml_rejects_syntax",  # PK211
    )
)
