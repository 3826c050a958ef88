"""Exception and warning types raised by borderkit.

Each type subclasses a built-in, so ``except ValueError`` still catches a
:class:`SchemaError`. Messages say what was wrong, where (file, row, column)
and what to do about it.
"""

from __future__ import annotations


class BorderkitError(Exception):
    """Base class mixed into every borderkit exception."""


class SourceUnavailableError(BorderkitError, ConnectionError):
    """A network source could not be reached or answered with an error."""


class OfflineError(SourceUnavailableError):
    """The network is needed but ``settings.offline`` forbids it."""


class ResponseError(SourceUnavailableError):
    """A source answered, but with something that is not what it promised.

    For example a truncated body or JSON that does not parse.
    """


class HTTPStatusError(SourceUnavailableError):
    """A source answered with an HTTP error status.

    Raised for a status that is not retried (e.g. 401, 403, 404) and for a
    retryable one (429, 5xx) still returned after the last retry. Callers
    that react to a status, e.g. renew an expired token on 401, read
    :attr:`status`.

    Parameters
    ----------
    message : str
        What went wrong, where, and what to do.
    status : int, optional
        The HTTP status code of the last answer.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class DataReadError(BorderkitError, OSError):
    """A local file could not be read (missing, unreadable or not a known format)."""


class SchemaError(BorderkitError, ValueError):
    """Data is missing required columns or has values of the wrong kind."""


class CRSError(BorderkitError, ValueError):
    """Data has no coordinate reference system, or one that cannot be used."""


class EmptyDataError(BorderkitError, ValueError):
    """A file or frame holds no features."""


class IntegrityError(BorderkitError, ValueError):
    """A file's checksum does not match the one recorded for it."""


class NoOverlapError(BorderkitError, ValueError):
    """Data and a raster do not overlap at all (wrong CRS, swapped lat/lon, or the wrong raster)."""


class GeometryRepairWarning(UserWarning):
    """Invalid geometries were found and repaired."""


class SuspectCoordinatesWarning(UserWarning):
    """Coordinates look wrong: e.g. every point lies far from the region (lat/lon swapped?)."""


class DroppedRowsWarning(UserWarning):
    """Rows were dropped; the message gives the count and the reason."""


class FarFromBorderWarning(UserWarning):
    """Points lie farther from the border line than a set tolerance; they are kept."""


class RasterCoverageWarning(UserWarning):
    """Some geometries or points fall outside a raster or on its nodata cells; their values are NaN."""


class UnreachableWarning(UserWarning):
    """Points cannot reach a target (e.g. a crossing by road); they get NaN and are counted."""


class DuplicateEventsWarning(UserWarning):
    """Several rows share an event id; they are kept (or dropped with a count when asked)."""


class UnassignedEventsWarning(UserWarning):
    """Events fit no corridor, unit or period; they are counted apart, not dropped silently."""


class MissingAssetWarning(UserWarning):
    """A script or stylesheet of a map has no local copy; its CDN link is kept."""
