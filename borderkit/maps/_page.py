"""The page a borderkit map is rendered into: its text is never run as a template; it can carry its scripts.

How branca renders a map: every element's ``header``, ``html`` and
``script`` macros are rendered, and each output is wrapped in a new
``branca.element.Element(text)``, whose constructor compiles ``text`` as a
Jinja template, later rendered again. That second pass costs a Jinja
compilation per element and per output (0.3 s of a default map, most of it
the layers' GeoJSON, hundreds of kB each), and it evaluates any ``{{ ... }}``
or ``{% ... %}`` in the data: an event note reading ``{{ 7*7 }}`` showed as
``49``, and an unbalanced ``{%`` failed the whole render.

:class:`Page` renders with that wrapping replaced by :class:`Literal`, an
element that holds the macro's output as text, so the output is written as
it is, once. Nothing else changes: the document is the same text, but for
the data that the second pass used to alter.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import branca.element
from branca.element import Element, Figure

_LOCK = threading.RLock()


class Literal(Element):
    """An element whose text is written as it is (never compiled or rendered as a template)."""

    def __init__(self, template: str | None = None, template_name: str | None = None) -> None:
        super().__init__()
        self._name = "Literal"
        text = "" if template is None else str(template)
        # As a Jinja template would render it: without one trailing newline (keep_trailing_newline=False).
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs: Any) -> str:
        """Return the text."""
        return self.text


@contextmanager
def _literal_macro_output() -> Iterator[None]:
    """While a page renders, branca wraps macro output in :class:`Literal` instead of ``Element``."""
    with _LOCK:
        saved = branca.element.Element
        # The name MacroElement.render looks up at call time; swapping the class is the point.
        branca.element.Element = Literal  # type: ignore[misc]
        try:
            yield
        finally:
            branca.element.Element = saved  # type: ignore[misc]


class Page(Figure):
    """The page of a borderkit map.

    Rendered without the template second pass (see the module's notes).
    Shown inline in a notebook, it writes Leaflet and the plugins into the
    ``<iframe srcdoc>`` Jupyter shows (as :func:`borderkit.save_html` does),
    so the inline map works with no network.
    """

    _inline = False

    def render_page(self, *, inline: bool = False, **kwargs: Any) -> str:
        """Return the page's HTML, with its CDN scripts and stylesheets written in if ``inline``."""
        with _literal_macro_output():
            document = Figure.render(self, **kwargs)
        if inline:
            from ._assets import inline_assets

            document = inline_assets(document)
        return document

    def render(self, **kwargs: Any) -> str:
        """Return the page's HTML (self-contained while it is shown inline in a notebook)."""
        return self.render_page(inline=self._inline, **kwargs)

    def _repr_html_(self, **kwargs: Any) -> str:
        self._inline = True
        try:
            return super()._repr_html_(**kwargs)
        finally:
            self._inline = False
