"""Sphinx configuration of the proscribed documentation.

Build with ``sphinx-build -W -n docs docs/_build/html`` (warnings are errors, nitpicky); the doctests
of the tutorial and explanation pages run with ``sphinx-build -b doctest docs docs/_build/doctest``.
The build never touches the network: intersphinx reads inventories written locally by
``_ext/local_inventory.py`` and every asset is served from the site itself.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import a11y_pygments  # noqa: F401  (imported first: it configures logging at import, reset below)

from proscribed import __version__
from proscribed._schema._release import VERSION as DATA_VERSION

logging.getLogger().setLevel(logging.WARNING)

DOCS = Path(__file__).resolve().parent
REPOSITORY = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "proscribed"
author = "The proscribed contributors"
copyright = "The proscribed contributors. Code MIT, data CC BY 4.0"  # noqa: A001  (Sphinx's name)
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx_click",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.towncrier.ext",
    "data_changes",
    "data_summary",
    "dataset_citation",
    "er_diagram",
    "error_codes",
    "list_pages",
    "local_inventory",
    "public_api",
    "schema_reference",
    "timeline",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated", "_scripts", "Thumbs.db", ".DS_Store"]
nitpicky = True
nitpick_ignore_regex = [
    # Type parameters of generic aliases that Python's own inventory does not list either.
    ("py:class", r"proscribed\._dataset\._R"),
    # Table types of the optional extras (pandas, polars, pyarrow): their inventories are not shipped.
    ("py:class", r"(pandas|polars)\.DataFrame|pyarrow\.Table"),
]

# MyST: fenced directives, definition lists, heading anchors for in-page links, and substitutions.
myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_heading_anchors = 3
myst_substitutions = {"data_version": DATA_VERSION, "code_version": __version__}

# autodoc: the public API only, annotations as written in the source, signatures apart from the class.
autodoc_default_options = {"members": True, "member-order": "bysource", "exclude-members": "__init__, __new__"}
autodoc_typehints = "signature"
autodoc_class_signature = "separated"
autodoc_preserve_defaults = True
add_module_names = False
python_use_unqualified_type_names = True

intersphinx_mapping: dict[str, tuple[str, str]] = {}  # filled in offline by _ext/local_inventory.py

doctest_global_setup = "import proscribed"
doctest_test_doctest_blocks = ""

# The unreleased changelog entries, drawn from changelog.d/ by towncrier.
towncrier_draft_autoversion_mode = "draft"
towncrier_draft_include_empty = True
towncrier_draft_working_directory = str(REPOSITORY)

html_theme = "furo"
html_title = f"proscribed {__version__}"
html_static_path = ["_static"]
html_css_files = ["proscribed.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
pygments_style = "friendly"
pygments_dark_style = "monokai"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
