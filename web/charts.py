"""Charts drawn on the server as inline SVG: no JavaScript library, nothing fetched from the internet."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR = "#305496"


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, percent: bool = False, width: int = 560,
              height: int = 220) -> Markup:
    """A column chart of labelled values, with the value over each column; `percent` shows 0-1 as 0-100 %."""
    left, bottom, top = 36, 34, 22
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = 1.0 if percent else max((v for _, v in items), default=0) or 1
    step = plot_w / max(len(items), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#999"/>']
    for i, (label, value) in enumerate(items):
        bar_h = plot_h * max(value, 0) / peak
        x = left + i * step + step * 0.15
        y = top + plot_h - bar_h
        shown = f"{100 * value:.0f}%" if percent else f"{value:,.0f}" if value >= 10 else f"{value:.1f}"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}">'
                     f'<title>{escape(label)}: {shown}</title></rect>')
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle">{shown}</text>')
        if len(items) <= 16 or i % max(1, len(items) // 12) == 0:
            parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_class(filled: int, demanded: int) -> str:
    """The CSS class of a heat-map cell: h0 (nothing filled) … h10 (all filled)."""
    return f"h{round(10 * filled / demanded)}" if demanded else "none"
