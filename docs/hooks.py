"""MkDocs hooks: the docstrings' Sphinx roles read as code; tutorial pages offer their notebook.

The docstrings use reStructuredText roles for cross-references (``:class:`~pkg.Name```);
Markdown renders them as ``:class:<code>~pkg.Name</code>``.  This drops the role and, for
``~`` targets, keeps only the last component, as Sphinx would show them.

A tutorial notebook rendered as a page (the ``mkdocs-jupyter`` plugin, which copies the
``.ipynb`` next to the page) gets a download link to that file at its top.
"""

from __future__ import annotations

import re

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):<code>(~?)([^<]+)</code>")


def _show(match: re.Match) -> str:
    tilde, target = match.groups()
    return f"<code>{target.rsplit('.', 1)[-1] if tilde else target}</code>"


def on_page_content(html: str, page=None, **kwargs) -> str:
    html = ROLE.sub(_show, html)
    source = getattr(getattr(page, "file", None), "src_path", "") or ""
    if source.endswith(".ipynb"):
        name = source.replace("\\", "/").rsplit("/", 1)[-1]
        html = (f'<p><a href="{name}" download>Download this notebook ({name})</a>; '
                "shown here without outputs: run it from <code>docs/tutorials/</code> of the "
                "repository.</p>\n" + html)
    return html
