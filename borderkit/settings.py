"""Global settings for borderkit, read at call time.

Change them by assignment, e.g. ``borderkit.settings.offline = True``.

Attributes
----------
cache_folder : pathlib.Path
    Where downloaded responses are cached. Defaults to the platform's user
    cache directory (``platformdirs.user_cache_dir("borderkit")``), or to
    ``BORDERKIT_CACHE_DIR`` when that environment variable is set.
use_cache : bool
    Read and write the cache. Default True.
offline : bool
    Forbid every network request. Loaders that need the network then fail
    with :class:`borderkit.errors.OfflineError`, naming the source and how
    to pass a local file instead. Default: True when the environment
    variable ``BORDERKIT_OFFLINE`` is ``1``/``true``/``yes``, else False.
timeout : float
    Seconds to wait for a server to answer each request. Default 30.
max_retries : int
    How many times a request is retried after a timeout, a connection
    error, HTTP 429 or HTTP 5xx. Default 3.
backoff_factor : float
    Seconds; the wait before retry *n* is ``backoff_factor * 2 ** (n - 1)``
    (a ``Retry-After`` header, when sent, takes precedence). Default 1.0.
user_agent : str
    The User-Agent sent with every request.
log_level : int
    Level of the ``borderkit`` logger's messages. Default ``logging.INFO``.
geoboundaries_api : str
    Base URL of the geoBoundaries gbOpen API; ``{ISO3}/ADM{n}/`` is appended.
ucdp_api : str
    Base URL of the UCDP API (Uppsala Conflict Data Program); GED events are
    read from ``{ucdp_api}/gedevents/{version}``. It needs an access token
    (header ``x-ucdp-access-token``), see :func:`borderkit.fetch_ucdp`.
acled_api : str
    Base URL of ACLED's API: the OAuth token is obtained from
    ``{acled_api}/oauth/token`` and events are read from
    ``{acled_api}/api/acled/read``, see :func:`borderkit.fetch_acled`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs

from ._version import __version__ as _version


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


cache_folder: Path = Path(os.environ.get("BORDERKIT_CACHE_DIR") or platformdirs.user_cache_dir("borderkit"))
use_cache: bool = True
offline: bool = _env_flag("BORDERKIT_OFFLINE")
timeout: float = 30.0
max_retries: int = 3
backoff_factor: float = 1.0
user_agent: str = f"borderkit/{_version} (Python; border-region mapping toolkit)"
log_level: int = logging.INFO
geoboundaries_api: str = "https://www.geoboundaries.org/api/current/gbOpen"
ucdp_api: str = "https://ucdpapi.pcr.uu.se/api"
acled_api: str = "https://acleddata.com"
