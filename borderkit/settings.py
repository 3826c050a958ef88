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
    Seconds to wait for a server to connect, and for each read of its
    answer. Default 30.
total_timeout : float
    Seconds one call may take in all, whatever the server does: every
    attempt, redirect, retry wait and the whole body included (a server
    that drips bytes cannot hold a call longer). Default 600.
max_response_bytes : int
    Largest answer accepted, counted after decompression (a gzip bomb stops
    there); larger answers raise :class:`borderkit.errors.ResponseError`
    and are not kept. Default 2 GiB.
max_json_bytes : int
    Largest JSON answer accepted (API pages, metadata, tokens); it is held
    in memory to be parsed. Default 256 MiB.
max_redirects : int
    Most redirects followed per request. Redirects go to http(s) only, and
    credentials are dropped when one changes scheme, host or port.
    Default 10.
cache_expiry : float, None or dict
    Seconds a cached answer stays fresh before it is fetched again; None
    means never. A dict maps source names to seconds (or None): the longest
    key that begins the source's name (any case) applies, else the key
    ``"*"``. Default: geoBoundaries 30 days, ACLED 7 days (both change),
    anything else (e.g. a versioned UCDP GED release) never. Offline, an
    expired copy is still served, with a warning.
progress : bool
    Show a progress line (bytes and rate) on the terminal for downloads.
    Shown only when standard error is a terminal. Default True.
max_retries : int
    How many times a request is retried after a timeout, a connection
    error, a truncated body, HTTP 429 or HTTP 5xx (urllib3's ``Retry``
    decides). Default 3.
backoff_factor : float
    Seconds; the wait before retry *n* is ``backoff_factor * 2 ** (n - 1)``
    (a ``Retry-After`` header, in seconds or as an HTTP date, takes
    precedence, up to 60 s). Default 1.0.
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
total_timeout: float = 600.0
max_response_bytes: int = 2 * 1024**3
max_json_bytes: int = 256 * 1024**2
max_redirects: int = 10
cache_expiry: float | dict[str, float | None] | None = {
    "geoBoundaries": 30 * 86400.0,
    "ACLED": 7 * 86400.0,
    "*": None,
}
progress: bool = True
max_retries: int = 3
backoff_factor: float = 1.0
user_agent: str = f"borderkit/{_version} (Python; border-region mapping toolkit)"
log_level: int = logging.INFO
geoboundaries_api: str = "https://www.geoboundaries.org/api/current/gbOpen"
ucdp_api: str = "https://ucdpapi.pcr.uu.se/api"
acled_api: str = "https://acleddata.com"
