"""MkDocs hook: the docstrings' Sphinx roles (``:class:`~pkg.Name```) read as code.

The docstrings use reStructuredText roles for cross-references; Markdown renders them as
``:class:<code>~pkg.Name</code>``.  This drops the role and, for ``~`` targets, keeps only
the last component, as Sphinx would show them.
"""

from __future__ import annotations

import re

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):<code>(~?)([^<]+)</code>")


def _show(match: re.Match) -> str:
    tilde, target = match.groups()
    return f"<code>{target.rsplit('.', 1)[-1] if tilde else target}</code>"


def on_page_content(html: str, **kwargs) -> str:
    return ROLE.sub(_show, html)
