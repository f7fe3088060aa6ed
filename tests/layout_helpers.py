"""Layout checks of rendered drawings: labels do not overlap and stay on the canvas."""

from __future__ import annotations

import io
import itertools

from matplotlib.text import Text


def visible_texts(fig) -> list[Text]:
    """Every drawn, non-empty text of a figure: titles, axis and tick labels, legends, labels.

    Tick labels count only where the axes are on and the tick is inside the view.
    """
    out: list[Text] = list(fig.texts)
    for ax in fig.axes:
        out += list(ax.texts) + [ax.title, ax._left_title, ax._right_title]
        leg = ax.get_legend()
        if leg is not None and leg.get_visible():
            out.append(leg)  # the whole legend (handles and texts) is one box
        if ax.axison:
            out += [ax.xaxis.label, ax.yaxis.label, ax.xaxis.offsetText, ax.yaxis.offsetText]
            for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
                lo, hi = min(lo, hi), max(lo, hi)
                for tick in axis.get_major_ticks():
                    if lo - 1e-12 <= tick.get_loc() <= hi + 1e-12:
                        out += [tick.label1, tick.label2]
    return [t for t in out if t.get_visible() and (not isinstance(t, Text) or t.get_text().strip())]


def _name(t) -> str:
    return repr(t.get_text()) if isinstance(t, Text) else type(t).__name__


def layout_problems(fig, tol: float = 0.5) -> list[str]:
    """Overlapping label pairs and labels outside the canvas, after ``canvas.draw()``."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = visible_texts(fig)
    boxes = [t.get_window_extent(renderer) for t in texts]
    canvas = fig.bbox
    problems = []
    for t, b in zip(texts, boxes):
        if (b.x0 < canvas.x0 - tol or b.y0 < canvas.y0 - tol or b.x1 > canvas.x1 + tol
                or b.y1 > canvas.y1 + tol):
            problems.append(f"outside the canvas: {_name(t)} {b.bounds} in {canvas.bounds}")
    for (t1, b1), (t2, b2) in itertools.combinations(zip(texts, boxes), 2):
        w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        if w > tol and h > tol:
            problems.append(f"overlap: {_name(t1)} and {_name(t2)}")
    return problems


def save_png(fig, path=None, dpi: int = 100) -> bytes:
    """Render to PNG (to ``path`` too if given, for looking at the drawing)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    data = buf.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(data)
    return data

