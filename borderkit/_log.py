"""The one logging helper, driven by :mod:`borderkit.settings`."""

from __future__ import annotations

import logging

from . import settings

logger = logging.getLogger("borderkit")


def log(message: str, level: int | None = None) -> None:
    """Log ``message`` on the ``borderkit`` logger at ``level`` (default: ``settings.log_level``)."""
    logger.log(settings.log_level if level is None else level, message)
