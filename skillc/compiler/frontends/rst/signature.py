"""Sphinx object signatures (``.. function:: join(path, *paths)``) as Sphinx displays them.

Why: an API entry of a Sphinx page becomes a heading whose text is its signature (see
`rst.doctree`), and the same page compiled from its HTML must give the same heading. Sphinx does
not show a signature as written: it adds the current module (``os.path.join``), the object kind
(``class``, ``exception``, ``coroutine``...), re-renders Python parameter lists from their syntax
tree (``mode="r"`` shows as ``mode='r'``, ``a,b`` as ``a, b``), writes C declarations in its own
spacing (``PyObject* f(PyObject *o)`` shows as ``PyObject *f(PyObject *o)``) and a return
annotation after an arrow. This module reproduces what Sphinx 5 to 7 print for the Python, C and
standard domains and for CPython's own object types (``opcode``, ``pdbcommand``, ``2to3fixer``),
from the directive's name, argument and options and the module and class it sits in.

Guarantees: pure functions of their arguments; never raise (a signature Sphinx could not parse is
shown as written, as Sphinx does); the result is one line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Context", "Signature", "c_expression", "domain_of", "render", "split_signatures"]

# Sphinx's ``py_sig_re``: optional class prefix, name, optional argument list and return.
_PY_SIG = re.compile(r"^([\w.]*\.)?(\w+)\s*(?:\((.*)\)(?:\s*->\s*(.*))?)?$", re.DOTALL)
# Python object types whose signature always shows a parameter list.
_CALLABLE = frozenset(
    {"function", "method", "classmethod", "staticmethod", "coroutinefunction",
     "coroutinemethod", "awaitablefunction", "awaitablemethod", "abstractmethod"}
)  # fmt: skip
# Object types that open a class context for the entries nested in their body.
_CLASSLIKE = frozenset({"class", "exception"})
# Words CPython's Sphinx extension puts before a signature (``coroutine`` ...) by object type.
_KIND_WORD = {
    "coroutinefunction": "coroutine",
    "coroutinemethod": "coroutine",
    "awaitablefunction": "awaitable",
    "awaitablemethod": "awaitable",
    "abstractmethod": "abstractmethod",
}
_DECORATORS = frozenset({"decorator", "decoratormethod"})
_METHODS = frozenset(
    {"method", "classmethod", "staticmethod", "coroutinemethod", "awaitablemethod",
     "abstractmethod", "decoratormethod"}
)  # fmt: skip
# Option flags a Python method, function or property shows as words, in Sphinx's order.
_FLAG_WORDS = (
    ("final", "final"),
    ("abstractmethod", "abstract"),
    ("async", "async"),
    ("classmethod", "classmethod"),
    ("property", "property"),
    ("staticmethod", "static"),
)
_PYTHON_TYPES = frozenset(
    {*_CALLABLE, *_CLASSLIKE, *_DECORATORS, "attribute", "data", "property", "module"}
)
_C_TYPES = frozenset(
    {"function", "member", "var", "macro", "type", "struct", "union", "enum", "enumerator"}
)
# Object types of the standard domain and of CPython's extension: no default domain applies.
_STD_TYPES = frozenset(
    {"describe", "object", "option", "cmdoption", "envvar", "confval", "event", "opcode",
     "pdbcommand", "2to3fixer"}
)  # fmt: skip
_OPCODE = re.compile(r"(\w+(?:\+\d)?)(?:\s*\((.*)\))?")
_PDB_COMMAND = re.compile(r"([a-z()!]+)\s*(.*)", re.DOTALL)


@dataclass(slots=True)
class Context:
    """Where in a page a signature is read: Sphinx's ``py:module``/``py:class`` and domain."""

    module: str = ""
    classes: list[str] = field(default_factory=list)
    default_domain: str = "py"

    @property
    def current_class(self) -> str:
        return self.classes[-1] if self.classes else ""


@dataclass(frozen=True, slots=True)
class Signature:
    """What Sphinx shows for one signature, and the class context its body opens (if any)."""

    shown: str
    opens: str = ""


def split_signatures(argument: str) -> list[str]:
    """A directive argument's signatures: one per line, backslash-newline joining lines."""
    joined = argument.replace("\\\n", "")
    return [line.strip() for line in joined.split("\n") if line.strip()]


def domain_of(name: str, default: str = "py") -> tuple[str, str]:
    """``("py", "method")`` for ``py:method`` or ``method``; ``("std", "option")`` for
    ``option``; an explicit domain is kept, the page's default domain applies otherwise."""
    lower = name.lower()
    domain, _, objtype = lower.rpartition(":")
    if domain:
        return domain, objtype
    if objtype in _STD_TYPES:
        return "std", objtype
    return default or "py", objtype


def render(name: str, signature: str, options: Mapping[str, str], context: Context) -> Signature:
    """How Sphinx shows ``signature`` of directive ``name`` with ``options`` in ``context``."""
    domain, objtype = domain_of(name, context.default_domain)
    try:
        if domain == "py" and objtype in _PYTHON_TYPES:
            return _python(objtype, signature, options, context)
        if domain == "c" and objtype in _C_TYPES:
            return Signature(_c(objtype, signature))
        return Signature(_std(objtype, signature))
    except (ValueError, RecursionError, MemoryError):  # pragma: no cover - defensive
        return Signature(" ".join(signature.split()))


# --- Python --------------------------------------------------------------------------------------


def _python(
    objtype: str, signature: str, options: Mapping[str, str], context: Context
) -> Signature:
    """Sphinx's ``PyObject.handle_signature`` (with CPython's extra object types)."""
    match = _PY_SIG.match(signature)
    if match is None:
        return Signature(" ".join(signature.split()))
    prefix, name, arglist, returns = match.groups()
    classname = context.current_class
    module = options.get("module", context.module)
    if classname:
        add_module = False
        if prefix and (prefix == classname or prefix.startswith(classname + ".")):
            fullname = prefix + name
            prefix = prefix[len(classname) :].lstrip(".")
        elif prefix:
            fullname = f"{classname}.{prefix}{name}"
        else:
            fullname = f"{classname}.{name}"
    else:
        add_module = True
        fullname = (prefix or "") + name
    words = _python_words(objtype, options)
    shown: list[str] = [f"{w} " for w in words]
    if objtype in _DECORATORS:
        shown.insert(0, "@")
    if prefix:
        shown.append(prefix)
    elif module and add_module and module != "None":
        shown.append(f"{module}.")
    shown.append(name)
    if arglist:
        shown.append(f"({python_arguments(arglist)})")
    elif objtype in _CALLABLE:
        shown.append("()")
    if returns:
        shown.append(f" → {_annotation(returns.strip())}")
    kind = options.get("type", "").strip()
    if kind and objtype in ("attribute", "data", "property"):
        shown.append(f": {_annotation(kind)}")
    value = options.get("value", "").strip()
    if value and objtype in ("attribute", "data"):
        shown.append(f" = {value}")
    annotation = options.get("annotation", "").strip()
    if annotation:
        shown.append(f" {annotation}")
    opens = ""
    if objtype in _CLASSLIKE:
        opens = fullname
    elif prefix:  # ``.. method:: Foo.bar``: its body reads in class Foo
        opens = prefix.rstrip(".")
    return Signature(" ".join("".join(shown).split()), opens)


def _python_words(objtype: str, options: Mapping[str, str]) -> list[str]:
    """The words Sphinx puts before a Python signature (``class``, ``async``, ``static``...)."""
    if objtype in _CLASSLIKE:
        return ["final", objtype] if "final" in options else [objtype]
    if objtype == "property":
        words = ["abstract"] if "abstractmethod" in options else []
        return [*words, *(["class"] if "classmethod" in options else []), "property"]
    flags = set(options)
    if objtype in ("classmethod", "staticmethod"):
        flags.add(objtype)
    if objtype in _METHODS:
        words = [word for key, word in _FLAG_WORDS if key in flags]
    else:
        words = ["async"] if "async" in flags else []
    if objtype in _KIND_WORD:
        words.insert(0, _KIND_WORD[objtype])
    return words


def python_arguments(arglist: str) -> str:
    """A parameter list as Sphinx shows it: parsed as Python and re-rendered, or, when it is not
    Python (``a[, b]``), split at commas with the optional brackets kept."""
    try:
        tree = ast.parse(f"def func({arglist}): pass")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return _pseudo_arguments(arglist)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    code = f"def func({arglist}): pass"
    try:
        return ", ".join(_parameters(function.args, code))
    except (ValueError, RecursionError):
        return _pseudo_arguments(arglist)


def _parameters(args: ast.arguments, code: str) -> list[str]:
    """Sphinx's ``_parse_arglist``: ``/`` and ``*`` markers, annotations, ``=`` defaults."""
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    out: list[str] = []
    for n, arg in enumerate(positional):
        out.append(_parameter(arg.arg, arg.annotation, defaults[n], code))
        if args.posonlyargs and n == len(args.posonlyargs) - 1:
            out.append("/")
    if args.vararg is not None:
        out.append(_parameter(f"*{args.vararg.arg}", args.vararg.annotation, None, code))
    elif args.kwonlyargs:
        out.append("*")
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append(_parameter(arg.arg, arg.annotation, default, code))
    if args.kwarg is not None:
        out.append(_parameter(f"**{args.kwarg.arg}", args.kwarg.annotation, None, code))
    return out


def _parameter(name: str, annotation: ast.expr | None, default: ast.expr | None, code: str) -> str:
    text = name
    if annotation is not None:
        text += f": {_unparse(annotation, code)}"
    if default is not None:
        text += f" = {_unparse(default, code)}" if annotation is not None else "="
        if annotation is None:
            text += _unparse(default, code)
    return text


def _annotation(text: str) -> str:
    """A type annotation as Sphinx shows it (re-rendered when it parses as Python)."""
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return " ".join(text.split())
    return _unparse(tree.body, text)


class _Literals(ast.NodeTransformer):
    """Sphinx shows numbers as written (``0o777``) and other constants by ``repr``."""

    def __init__(self, code: str) -> None:
        self.code = code

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            return node
        if isinstance(value, int | float | complex):
            shown = ast.get_source_segment(self.code, node) or repr(value)
        else:
            shown = repr(value)
        return ast.copy_location(ast.Name(id=shown, ctx=ast.Load()), node)


def _unparse(node: ast.expr, code: str) -> str:
    return ast.unparse(_Literals(code).visit(node))


def _pseudo_arguments(arglist: str) -> str:
    """Sphinx's ``_pseudo_parse_arglist``: commas and ``[``/``]`` optional groups."""
    root: list[object] = []
    stack: list[list[object]] = [root]
    try:
        for argument in arglist.split(","):
            argument = argument.strip()
            opens = closes = 0
            while argument.startswith("["):
                group: list[object] = []
                stack[-1].append(group)
                stack.append(group)
                argument = argument[1:].strip()
            while argument.startswith("]"):
                stack.pop()
                argument = argument[1:].strip()
            while argument.endswith("]") and not argument.endswith("[]"):
                closes += 1
                argument = argument[:-1].strip()
            while argument.endswith("["):
                opens += 1
                argument = argument[:-1].strip()
            if argument:
                stack[-1].append(argument)
            for _ in range(opens):
                group = []
                stack[-1].append(group)
                stack.append(group)
            for _ in range(closes):
                stack.pop()
        if len(stack) != 1:
            raise IndexError
    except IndexError:
        return " ".join(arglist.split())
    return _optional_text(root)


def _optional_text(root: list[object]) -> str:
    """Sphinx's HTML writer for a parameter list with optional groups: a separator before each
    parameter but the first, written before the ``[`` of a group that follows required ones."""
    out: list[str] = []
    required = sum(isinstance(item, str) for item in root)
    state = {"first": True, "required": required, "level": 0}

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                state["level"] += 1
                out.append("[")
                walk(item)
                out.append("]")
                state["level"] -= 1
                continue
            if state["first"]:
                state["first"] = False
            elif not state["required"]:
                out.append(", ")
            if state["level"] == 0:
                state["required"] -= 1
            out.append(str(item))
            if state["required"]:
                out.append(", ")

    walk(root)
    return "".join(out)


# --- C -------------------------------------------------------------------------------------------

_C_TOKEN = re.compile(
    r"\s*(?:(?P<word>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|(?P<number>\d[\w.]*)|(?P<punct>\.\.\.|->|"
    r"::|[*&()\[\],=;:<>{}+\-/%!~^|?]))"
)
_QUALIFIERS = frozenset({"const", "volatile", "restrict"})


def _c(objtype: str, signature: str) -> str:
    """A C declaration in Sphinx's spacing, with its kind word (``struct``, ``typedef``...)."""
    tokens = _c_tokens(signature)
    if tokens is None:
        return " ".join(signature.split())
    if objtype == "macro":
        return _c_macro(tokens)
    text = _c_join(tokens)
    if objtype in ("struct", "union", "enum", "enumerator"):
        return f"{objtype} {text}"
    if objtype == "type":
        named = [t for kind, t in tokens if kind == "word" and t not in _QUALIFIERS]
        simple = len(named) == 1 and all(kind == "word" for kind, _ in tokens)
        return f"type {text}" if simple else f"typedef {text}"
    return text


def c_expression(text: str) -> str:
    """A C expression or type (``:c:expr:``) in Sphinx's C spacing; as written if it does not
    tokenize."""
    tokens = _c_tokens(text)
    return " ".join(text.split()) if tokens is None else _c_join(tokens)


def _c_tokens(signature: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    at = 0
    text = signature.rstrip().rstrip(";")
    while at < len(text):
        match = _C_TOKEN.match(text, at)
        if match is None or match.end() == at:
            return None
        kind = match.lastgroup or "punct"
        tokens.append((kind, match.group(kind)))
        at = match.end()
        while at < len(text) and text[at].isspace():
            at += 1
    return tokens


def _c_macro(tokens: list[tuple[str, str]]) -> str:
    """``NAME`` or ``NAME(a, b)``: the parameters are names, joined by ``", "``."""
    if len(tokens) > 1 and tokens[1][1] == "(":
        inner = [t for _, t in tokens[2:] if t not in ("(", ")")]
        names = "".join(inner).replace(",", ", ")
        return f"{tokens[0][1]}({names})"
    return _c_join(tokens)


def _c_join(tokens: list[tuple[str, str]]) -> str:
    """Sphinx's C spacing: ``T *name``, ``T*`` without a name, ``void (*f)(int)``, ``a, b``."""
    out: list[str] = []
    previous_kind, previous = "", ""
    for n, (kind, text) in enumerate(tokens):
        after_word = previous_kind in ("word", "number")
        following = tokens[n + 1][1] if n + 1 < len(tokens) else ""
        if text == ",":
            out.append(", ")
        else:
            if (
                (kind in ("word", "number") and (after_word or previous == ")"))
                or (text == "*" and after_word and _named(tokens, n))
                or (text == "(" and after_word and following in ("*", "^", "&"))
                or (text == "=" or previous == "=")
                or (text == "..." and after_word)
            ):
                out.append(" ")
            out.append(text)
        previous_kind, previous = kind, text
    return "".join(out)


def _named(tokens: list[tuple[str, str]], n: int) -> bool:
    """Whether the declarator starting at the ``*`` at ``n`` has a name, a qualifier or a
    parenthesis before its declaration ends (``,``, ``)`` or the end at its depth)."""
    depth = 0
    for kind, text in tokens[n + 1 :]:
        if text in ("(", "["):
            if text == "(" and depth == 0:
                return True
            depth += 1
        elif text in (")", "]"):
            if depth == 0:
                return False
            depth -= 1
        elif text == "," and depth == 0:
            return False
        elif kind == "word":
            return True
    return False


# --- Standard domain and CPython's object types --------------------------------------------------


def _std(objtype: str, signature: str) -> str:
    one_line = " ".join(signature.split())
    if objtype in ("option", "cmdoption"):
        return ", ".join(part.strip() for part in one_line.split(", ") if part.strip())
    if objtype == "opcode":
        match = _OPCODE.match(one_line)
        if match is None:
            return one_line
        name, arguments = match.groups()
        return name if arguments is None else f"{name}({arguments})"
    if objtype == "pdbcommand":
        match = _PDB_COMMAND.match(one_line)
        if match is None:
            return one_line
        name, arguments = match.groups()
        return f"{name} {arguments}" if arguments else name
    return one_line
