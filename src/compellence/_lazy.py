"""One implementation of PEP 562 lazy exports, for every package of the library.

A package lists ``{public name: module}`` (``".sub"`` relative to the package,
or an absolute module name); a name loads its module on first use and is
cached in the package's namespace.  A name that is also its module's name
(``compellence.games``, ``compellence.coercion.offramp``) is the module, unless
the module defines a function of that name (``compellence.solvers.nash``), which
is then what the name means.  ``dir(package)`` lists the public names, not the
package's own imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, str],
                 public: Iterable[str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` (assign both in its ``__init__``)."""
    names = sorted(set(public))

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(package + target if target.startswith(".") else target)
        if module.__name__ == f"{package}.{name}":
            value = getattr(module, name, module)
        else:
            value = getattr(module, name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        own = sys.modules[package].__dict__
        return sorted(set(names) | {n for n in own if n.startswith("__")})

    return __getattr__, __dir__
