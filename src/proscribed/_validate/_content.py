"""Which identifier and free-text fields a record rule reads by their content.

Validation runs a rule once per distinct projection of the rows (:mod:`._rules`). The projection keeps
of an identifier or a free-text cell only what a rule may read of it without its content: whether it is
empty, an identifier's prefix, and which cells of the row are equal. A rule that reads more (searches a
note, measures a quote, compares an identifier with a constant) would be judged on a placeholder, so it
must see the real values. This module finds those fields in the rule's source, following the model's
properties and methods and the package's own helper functions it passes a field to.

The allowed uses of such a field are: ``is None`` and ``is not None``; truth tests; ``==`` and ``!=``
with another field or ``None``; for an identifier, ``.startswith(prefix)`` and ``.split("-", 1)[0]``;
and formatting inside a ``raise``, whose message is recomputed from the real row. Anything else (an
assignment, a call to a function outside the package, a subscript, a method) is a read of the content.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable, Iterator

from .._schema._models._base import Record
from ._columns import Kind

__all__ = ["content_reads", "member_code", "rule_syntax"]

_PACKAGE = __name__.split(".", 1)[0]
_PRESENCE_OPS = (ast.Is, ast.IsNot)
_EQUALITY_OPS = (ast.Eq, ast.NotEq)
_TRUTH_TEST = "test"


def rule_syntax(function: Callable[..., object]) -> ast.FunctionDef | None:
    """The syntax tree of a rule or other method, or ``None`` when its source cannot be read."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source)
    definition = tree.body[0] if tree.body else None
    return definition if isinstance(definition, ast.FunctionDef) else None


def member_code(model: type[Record], name: str) -> tuple[bool, Callable[..., object] | None]:
    """Whether ``self.<name>`` is a property or method of *model* (not of every record), and its code.

    The code is ``None`` for a property without a getter.
    """
    member = getattr(model, name, None)
    if isinstance(member, property):
        return True, member.fget
    if isinstance(member, functools.cached_property):
        return True, member.func
    if callable(member) and name not in dir(Record):
        return True, member
    return False, None


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _inside_raise(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    current: ast.AST | None = node
    while current is not None:
        if isinstance(current, ast.Raise):
            return True
        if isinstance(current, (ast.FunctionDef, ast.Lambda)):
            return False
        current = parents.get(id(current))
    return False


def _in_truth_test(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """True when *node*'s value is only tested for truth (an ``if``, ``not``, or a test made of ``and``/``or``)."""
    parent = parents.get(id(node))
    if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)):
        return getattr(parent, _TRUTH_TEST) is node
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        return True
    if isinstance(parent, ast.BoolOp):
        return _in_truth_test(parent, parents)
    return False


def _passes_self_on(tree: ast.FunctionDef) -> bool:
    """True when the record itself is handed on (to a function, a variable): then any field may be read."""
    parents = _parents(tree)
    return any(
        isinstance(node, ast.Name)
        and node.id == "self"
        and isinstance(node.ctx, ast.Load)
        and not isinstance(parents.get(id(node)), (ast.Attribute, ast.Return))
        for node in ast.walk(tree)
    )


class _Reader:
    """Follows the uses of opaque fields through one model's rule and the functions it calls."""

    def __init__(self, model: type[Record], kinds: dict[str, Kind]) -> None:
        self.model = model
        self.kinds = kinds
        self.seen: set[tuple[int, str]] = set()

    def _opaque(self, name: str) -> Kind | None:
        kind = self.kinds.get(name)
        return kind if kind in ("identifier", "text") else None

    def _all_opaque(self) -> set[str]:
        return {name for name in self.kinds if self._opaque(name)}

    def fields_read(self, function: Callable[..., object]) -> set[str]:
        """The opaque fields of the model that *function* (a method of it) reads by content."""
        tree = rule_syntax(function)
        if tree is None or _passes_self_on(tree):
            return self._all_opaque()
        parents = _parents(tree)
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                found |= self._attribute_read(node, parents, function)
        return found

    def _attribute_read(
        self, node: ast.Attribute, parents: dict[int, ast.AST], function: Callable[..., object]
    ) -> set[str]:
        """What one ``self.<name>`` in *function* reads by content: the field, or what a member reads."""
        kind = self._opaque(node.attr)
        if kind is not None:
            return set() if self._allowed(node, kind, parents, function) else {node.attr}
        is_member, code = member_code(self.model, node.attr)
        return self._member(code) if is_member else set()

    def _member(self, function: Callable[..., object] | None) -> set[str]:
        if function is None:
            return self._all_opaque()
        key = (id(function), "self")
        if key in self.seen:
            return set()
        self.seen.add(key)
        return self.fields_read(function)

    def _allowed(self, node: ast.AST, kind: Kind, parents: dict[int, ast.AST], function: Callable[..., object]) -> bool:
        """True when the value of *node* (an opaque field or a parameter holding one) is used only as allowed."""
        parent = parents.get(id(node))
        if _in_truth_test(node, parents) or (isinstance(parent, ast.FormattedValue) and _inside_raise(node, parents)):
            return True
        if isinstance(parent, ast.Compare):
            return self._compared(node, parent)
        if isinstance(parent, ast.Attribute) and kind == "identifier":
            return self._prefix(parent, parents)
        if isinstance(parent, ast.Call) and node is not parent.func:
            return self._passed(node, parent, kind, function)
        if isinstance(parent, ast.keyword):
            call = parents.get(id(parent))
            return isinstance(call, ast.Call) and self._passed(node, call, kind, function, keyword=parent.arg)
        return False

    def _compared(self, node: ast.AST, compare: ast.Compare) -> bool:
        operands = [compare.left, *compare.comparators]
        others = [operand for operand in operands if operand is not node]
        if all(isinstance(op, _PRESENCE_OPS) for op in compare.ops):
            return all(_is_none(other) for other in others)
        if all(isinstance(op, _EQUALITY_OPS) for op in compare.ops):
            return all(_is_none(other) or self._is_opaque_field(other) for other in others)
        return False

    def _is_opaque_field(self, node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and self._opaque(node.attr) is not None
        )

    @staticmethod
    def _prefix(attribute: ast.Attribute, parents: dict[int, ast.AST]) -> bool:
        """``x.startswith(...)`` or ``x.split("-", 1)[0]``: what the projection keeps of an identifier."""
        call = parents.get(id(attribute))
        if not isinstance(call, ast.Call) or call.func is not attribute:
            return False
        if attribute.attr == "startswith":
            return all(
                not isinstance(argument, ast.Constant)
                or (isinstance(argument.value, str) and argument.value.rstrip("-").isalpha())
                for argument in call.args
            )
        if attribute.attr == "split":
            subscript = parents.get(id(call))
            separator = call.args[0] if call.args else None
            return (
                isinstance(separator, ast.Constant)
                and separator.value == "-"
                and isinstance(subscript, ast.Subscript)
                and isinstance(subscript.slice, ast.Constant)
                and subscript.slice.value == 0
            )
        return False

    def _passed(
        self,
        node: ast.AST,
        call: ast.Call,
        kind: Kind,
        function: Callable[..., object],
        keyword: str | None = None,
    ) -> bool:
        """A field passed to a function of the package is allowed when the function uses it as allowed."""
        callee = self._callee(call, function)
        if callee is None:
            return False
        definition = rule_syntax(callee)
        if definition is None:
            return False
        if keyword is None:
            position = call.args.index(node)  # type: ignore[arg-type]
            positional = [*definition.args.posonlyargs, *definition.args.args]
            if position >= len(positional):
                return False
            parameter = positional[position].arg
        else:
            parameter = keyword
        key = (id(callee), parameter)
        if key in self.seen:
            return True
        self.seen.add(key)
        parents = _parents(definition)
        return all(self._allowed(use, kind, parents, callee) for use in _loads_of(definition, parameter))

    @staticmethod
    def _callee(call: ast.Call, function: Callable[..., object]) -> Callable[..., object] | None:
        if not isinstance(call.func, ast.Name):
            return None
        scope = getattr(function, "__globals__", {})
        callee = scope.get(call.func.id)
        module = getattr(callee, "__module__", "") or ""
        if not inspect.isfunction(callee) or not module.startswith(_PACKAGE):
            return None
        return callee


def _loads_of(definition: ast.FunctionDef, name: str) -> Iterator[ast.Name]:
    """Every read of the variable *name* in a function; a reassignment makes any use a read of content."""
    for node in ast.walk(definition):
        if isinstance(node, ast.Name) and node.id == name:
            if not isinstance(node.ctx, ast.Load):
                yield ast.Name(id=name, ctx=ast.Store())  # a rebinding is judged as a use nothing allows
                continue
            yield node


def content_reads(model: type[Record], function: Callable[..., object], kinds: dict[str, Kind]) -> frozenset[str]:
    """The identifier and free-text fields a rule of *model* reads by content (see the module docstring).

    *kinds* gives each field's kind, as the validator's column rules classify them.
    """
    return frozenset(_Reader(model, kinds).fields_read(function))
