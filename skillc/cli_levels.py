"""``-O`` levels of ``skillc build`` and ``skillc ir dump``: the pipeline each flag value names.

A leaf module: the command modules (cli, cli_ir, cli_build, cli_project) all read it, and
none of them may import another just for this table (cli_project is imported lazily, to keep
``skillc lint`` fast, and cli_build already imports it).
"""

OPT_LEVELS = {"0": "O0", "1": "O1", "s": "Os"}
