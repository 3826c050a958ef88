"""A one-line progress display for downloads: bytes so far, percent when known, and rate.

Written to standard error only when it is a terminal (and
``settings.progress`` is True), at most a few times a second, so logs and
pipes never receive it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from . import settings

_UNITS = ("B", "kB", "MB", "GB", "TB")


def human_bytes(n_bytes: float) -> str:
    """Return ``n_bytes`` in decimal units, e.g. ``"12.3 MB"``.

    Examples
    --------
    >>> human_bytes(12_345_678)
    '12.3 MB'
    """
    value = float(n_bytes)
    for unit in _UNITS:
        if value < 1000 or unit == _UNITS[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


class Progress:
    """Show the progress of one download on a terminal; silent elsewhere.

    Parameters
    ----------
    label : str
        What is downloaded, e.g. ``"geoBoundaries AFG ADM2"``.
    stream : text stream, optional
        Where to write; default ``sys.stderr`` at the time of the call.
    interval_s : float
        Least time between two updates of the line.
    """

    def __init__(self, label: str, *, stream: TextIO | None = None, interval_s: float = 0.25) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.interval_s = interval_s
        try:
            tty = bool(self.stream.isatty())
        except (AttributeError, ValueError, OSError):
            tty = False
        self.enabled = bool(settings.progress) and tty
        self._start = time.monotonic()
        self._last = 0.0
        self._shown = False
        self._done = 0
        self._total: int | None = None

    def __call__(self, done: int, total: int | None) -> None:
        """Record ``done`` bytes of ``total`` (None when unknown); redraw now and then."""
        self._done, self._total = done, total
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.interval_s:
            self._last = now
            self._draw(now)

    def close(self) -> None:
        """Draw the final state and end the line (only if something was shown)."""
        if self.enabled and self._shown:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-6)
        rate = self._done / elapsed
        of = ""
        if self._total:
            of = f" of {human_bytes(self._total)} ({100 * self._done / self._total:.0f}%)"
        self.stream.write(f"\r{self.label}: {human_bytes(self._done)}{of} at {human_bytes(rate)}/s  ")
        self.stream.flush()
        self._shown = True
