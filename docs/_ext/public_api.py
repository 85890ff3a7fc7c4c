"""Keep the Python API reference to the public names, all of them and only them.

* ``Record``, the private base of the record models, links to the schema reference's section on
  records.
* A reference to ``proscribed._some_module.Name`` (how autodoc spells a type annotation whose class
  lives in a private module) is resolved as ``proscribed.Name`` when ``Name`` is public.
* When the build ends its reading phase, every name in ``proscribed.__all__`` must be documented as
  ``proscribed.<name>`` and no private ``proscribed._…`` object may be documented; otherwise a warning
  fails the ``-W`` build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

import proscribed

if TYPE_CHECKING:
    from sphinx import addnodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["missing_public_names", "public_target", "setup"]

logger = logging.getLogger(__name__)

EXPLAINED_ELSEWHERE = {"proscribed._schema._models._base.Record": "records"}
"""Private classes that appear in public signatures, and the label of the section explaining them."""


def public_target(target: str) -> str | None:
    """The public spelling of a private path to a public object, e.g. ``proscribed._data._dataset.Dataset``."""
    if not target.startswith("proscribed._"):
        return None
    parts = target.split(".")
    for index in range(1, len(parts)):
        if parts[index] in proscribed.__all__:
            return ".".join(["proscribed", *parts[index:]])
    return None


def _resolve_public(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    if node.get("refdomain") != "py":
        return None
    explained = EXPLAINED_ELSEWHERE.get(str(node["reftarget"]))
    if explained is not None:
        labels = env.domains.standard_domain.labels
        if explained not in labels:
            return None
        docname, anchor, _ = labels[explained]
        return make_refnode(app.builder, node["refdoc"], docname, anchor, contnode)
    public = public_target(str(node["reftarget"]))
    if public is None:
        return None
    shown = contnode
    if not node.get("refexplicit") and isinstance(contnode, nodes.literal):
        shown = nodes.literal(public.rsplit(".", 1)[-1], public.rsplit(".", 1)[-1])
    return env.domains.python_domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], public, node, shown
    )


def _is_private(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "proscribed" and any(
        part.startswith("_") and not (part.startswith("__") and part.endswith("__")) for part in parts[1:]
    )


def missing_public_names(documented: set[str]) -> tuple[list[str], list[str]]:
    """Public names not documented, and documented private objects, given the documented full names."""
    missing = [name for name in proscribed.__all__ if f"proscribed.{name}" not in documented]
    private = sorted(name for name in documented if _is_private(name))
    return missing, private


def _check_coverage(_app: Sphinx, env: BuildEnvironment) -> None:
    objects = env.domains.python_domain.objects
    documented = {name for name, entry in objects.items() if not entry.aliased}
    missing, private = missing_public_names(documented)
    for name in missing:
        logger.warning("public name proscribed.%s is not documented in the API reference", name)
    for name in private:
        logger.warning("private object %s is documented; document its public name instead", name)


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the resolver and the coverage check."""
    app.connect("missing-reference", _resolve_public)
    app.connect("env-check-consistency", _check_coverage)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
