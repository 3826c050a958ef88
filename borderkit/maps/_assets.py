"""Local copies of the JavaScript and CSS that Folium maps load from CDNs.

A Folium map's HTML loads Leaflet, jQuery, Bootstrap, Font Awesome and each
plugin's files from public CDNs. :func:`inline_assets` swaps every such
``<script src>`` and ``<link rel="stylesheet">`` in the document's head for
the file's text, so the map opens and works with no network (the base tiles
aside: offline they fail quietly and the drawn layers still show).

Where the files come from
-------------------------
- **PyPI ``folium-offline``** (MIT; Sandia National Laboratories): a fork of
  folium released for each folium version (0.20.0.2 for folium 0.20), whose
  ``offlinefolium.elements._res`` maps each CDN URL folium 0.20 emits, core and
  plugins (72 URLs), to that file's text. borderkit reads only that table
  and draws nothing with the fork. It reads the table from the module's
  source, each entry when it is first asked for (:class:`SourceTable`),
  rather than importing the fork: ``import offlinefolium`` loads its copy of
  all of folium and compiles its ~40 Jinja templates (0.3 s of a 3 s map).
  Leaflet's CSS and JS
  carry their images as ``data:`` URIs there, Font Awesome's CSS its
  solid-style font (the one folium's ``fa`` icons use) and both Glyphicons
  stylesheets their font; the other files are the CDN files unchanged
  (checked against the npm packages of Leaflet, jQuery, Bootstrap and
  Leaflet.markercluster: the same text but for source-map comments).

Inside inlined CSS, each ``@font-face`` keeps only its best embedded source
(woff2, woff, then truetype). A ``url(...)`` that is not embedded is pointed
at its absolute CDN URL, so it behaves as it would from the CDN (it loads when
online), and is logged; :data:`KNOWN_CSS_GAPS` lists those of folium 0.20.

The icon-font stylesheets (Font Awesome, Bootstrap's Glyphicons, about 0.8 MB)
are left out when nothing in the map uses their icons.

A ``<script>`` or stylesheet whose URL has no local copy keeps its CDN link and
raises a :class:`MissingAssetWarning` naming it.
"""

from __future__ import annotations

import ast
import functools
import html
import importlib.util
import logging
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from .._log import log
from ..errors import MissingAssetWarning

ASSET_PACKAGE = "folium-offline"

# The icon-font stylesheets, left out when the map shows none of their icons.
FONT_AWESOME_CSS = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"
GLYPHICONS_CSS = "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"

# CSS resources of folium 0.20 that folium-offline does not embed. None of them
# is needed for a map to work offline: the Font Awesome regular/brands/v4 fonts
# only draw icons of those styles (folium's ``fa`` icons are solid); the
# MiniMap's toggle arrow and the Search control's spinner are decoration.
KNOWN_CSS_GAPS = frozenset(
    {
        *(
            f"https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/webfonts/{name}.{ext}"
            for name in ("fa-brands-400", "fa-regular-400", "fa-v4compatibility")
            for ext in ("woff2", "ttf")
        ),
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/images/toggle.svg",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet-minimap/3.6.1/images/toggle.png",
        "https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/images/loader.gif",
    }
)

# Preferred @font-face formats, best first (eot and svg fonts are for old browsers).
_FONT_FORMATS = {"woff2": 0, "woff": 1, "truetype": 2, "ttf": 2, "opentype": 2, "otf": 2}

_SCRIPT_TAG = re.compile(
    r"""<script\b[^>]*?\bsrc\s*=\s*(["'])(?P<url>(?:https?:)?//[^"']+)\1[^>]*>\s*</script\s*>""",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(?P<name>[a-z-]+)\s*=\s*(["'])(?P<value>[^"']*)\2""", re.IGNORECASE)
# url("..."), url('...') or url(...): the address is in group u1, u2 or u3.
_CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<u1>[^"]*)"|'(?P<u2>[^']*)'|(?P<u3>[^"'()\s]*))\s*\)""", re.IGNORECASE
)
_FONT_FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}", re.IGNORECASE)
_FORMAT = re.compile(r"""format\(\s*["']?(?P<fmt>[\w-]+)["']?\s*\)""", re.IGNORECASE)
# Tokens that show a map draws Font Awesome or Glyphicons icons: a class such as
# "fa fa-car" or "fa-solid", a folium Icon's "prefix": "fa", or "glyphicon".
# The look-behind comes after the literal "fa" (the same matches): a pattern that starts with a
# literal is searched for that literal first, 60x faster over a 1 MB page than one that starts
# with the look-behind, tried at every character.
_USES_FONT_AWESOME = re.compile(r"fa(?<![\w-]fa)(?:[srbl]|-[a-z0-9-]+)?(?![\w-])")
_GLYPHICONS_TOKEN = "glyphicon"  # in any case: looked for in the lower-cased page


@dataclass
class InlineReport:
    """What :func:`inline_assets` did to a document.

    Attributes
    ----------
    inlined : list of str
        CDN URLs of the scripts and stylesheets written into the document.
    dropped : list of str
        Icon-font stylesheets left out because the map uses none of their icons.
    missing : list of str
        Script and stylesheet URLs with no local copy (their links are kept).
    cdn_resources : set of str
        URLs referenced from inlined CSS that have no local copy (pointed at the CDN).
    """

    inlined: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cdn_resources: set[str] = field(default_factory=set)


# offlinefolium/elements.py ends with the table: _res = {}, then one line per file opening
# _res['<url>'] = '''<text> and its last closing <text>''' #<url>.
_TABLE_START = b"\n_res = {}\n"
_ENTRY_OPEN = b"\n_res['"
_ENTRY_KEY_END = b"'] = "
_TRIPLE_QUOTE = b"'" * 3


class SourceTable(Mapping[str, str]):
    """The ``_res`` table of ``offlinefolium/elements.py``, read from its source, each entry on first use.

    The table is the module's tail: ``_res = {}`` then one assignment per
    file, ``_res['<url>'] = <string literal>``. Each entry's text is the
    string literal between its ``=`` and the next entry, evaluated with
    :func:`ast.literal_eval` (so escapes read as Python reads them) the
    first time it is asked for. A default map uses 13 of the 72 files.

    Parameters
    ----------
    path : pathlib.Path
        ``offlinefolium/elements.py``.

    Raises
    ------
    ValueError
        If the file does not have that layout (checked when it is read), or
        an entry is not a string literal (checked when the entry is asked for).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._source = path.read_bytes()
        pos = self._source.find(_TABLE_START)
        if pos < 0:
            msg = f"{path} has no '_res = {{}}' table"
            raise ValueError(msg)
        starts: list[tuple[str, int, int]] = []  # (url, where the line starts, where its value starts)
        while (pos := self._source.find(_ENTRY_OPEN, pos)) >= 0:
            key_end = self._source.find(_ENTRY_KEY_END, pos)
            line_end = self._source.find(b"\n", pos + 1)
            if key_end < 0 or (0 <= line_end < key_end) or b"\\" in self._source[pos:key_end]:
                msg = f"{path}: an entry of the table at byte {pos} is not _res['<url>'] = ..."
                raise ValueError(msg)
            url = self._source[pos + len(_ENTRY_OPEN) : key_end].decode("utf-8")
            starts.append((url, pos, key_end + len(_ENTRY_KEY_END)))
            pos = key_end
        if not starts:
            msg = f"{path} has no entries after '_res = {{}}'"
            raise ValueError(msg)
        ends = [line for _, line, _ in starts[1:]] + [len(self._source)]
        self._spans = {url: (begin, end) for (url, _, begin), end in zip(starts, ends, strict=True)}
        self._texts: dict[str, str] = {}

    def __getitem__(self, url: str) -> str:
        text = self._texts.get(url)
        if text is None:
            begin, end = self._spans[url]  # KeyError for a URL the table does not have
            chunk = self._source[begin:end]
            close = chunk.rfind(_TRIPLE_QUOTE)  # the entry ends with ''' #<url>
            try:
                value = ast.literal_eval(chunk[: close + 3].decode("utf-8")) if close > 0 else None
            except (ValueError, SyntaxError, UnicodeDecodeError):
                value = None
            if not isinstance(value, str):
                msg = f"the entry for {url} in {self.path} is not a string literal"
                value = _imported_table().get(url)  # the module as Python reads it, if it has the entry
                if value is None:
                    raise ValueError(msg)
                log(f"{msg}; took it from the imported module", logging.DEBUG)
            text = self._texts[url] = value
        return text

    def __contains__(self, url: object) -> bool:
        return url in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


@functools.cache
def _imported_table() -> Mapping[str, str]:
    """Return the table of the imported ``offlinefolium.elements`` (empty if it cannot be imported)."""
    try:
        from offlinefolium.elements import _res  # the fork's table of embedded files
    except ImportError:
        return {}
    return dict(_res)


def _missing_package() -> ImportError:
    msg = (
        f"self-contained maps need the {ASSET_PACKAGE} package (local copies of Leaflet and "
        f"the other files folium loads from CDNs): pip install {ASSET_PACKAGE}, or pass "
        "self_contained=False to keep the CDN links"
    )
    return ImportError(msg)


@functools.cache
def local_files() -> Mapping[str, str]:
    """Return the local copies of folium's CDN files: ``{cdn_url: text}``.

    Read from the source of ``offlinefolium.elements`` without importing the
    package (see :class:`SourceTable`); if that source has another layout,
    the table is taken from the imported module.

    Raises
    ------
    ImportError
        If the ``folium-offline`` package is not installed.
    """
    spec = importlib.util.find_spec("offlinefolium")  # finds the package without importing it
    if spec is None:
        raise _missing_package()
    for folder in spec.submodule_search_locations or []:
        path = Path(folder) / "elements.py"
        if path.is_file():
            try:
                return SourceTable(path)
            except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as exc:
                log(f"reading {path} as a table failed ({exc}); importing offlinefolium", logging.DEBUG)
    table = _imported_table()
    if not table:
        raise _missing_package()
    return table


def _bare(url: str) -> str:
    """``url`` without its query and fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _absolute(url: str, base: str) -> str:
    """Resolve ``url`` (relative or protocol-relative) against the stylesheet URL ``base``."""
    return urljoin(base, url)


def _is_inline(url: str) -> bool:
    return url.startswith(("data:", "#", "%23")) or url == "" or url.startswith("about:")


def _css_url(m: re.Match[str]) -> str:
    """Return the address of a ``url(...)`` match of :data:`_CSS_URL`."""
    return (m.group("u1") or m.group("u2") or m.group("u3") or "").strip()


def _split(text: str, separators: str) -> list[str]:
    """Split CSS ``text`` at ``separators`` that are outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _rewrite_font_face(m: re.Match[str], base: str, report: InlineReport) -> str:
    """Keep one source of an @font-face rule: its best embedded (``data:``) format, if it has one."""
    kept: list[str] = []
    best: tuple[int, str, str] | None = None  # (rank, data URI, format)
    for decl in _split(m.group("body"), ";"):
        name, _, value = decl.partition(":")
        if name.strip().lower() != "src":
            if decl.strip():
                kept.append(decl.strip())
            continue
        for entry in _split(value, ","):
            url_match = _CSS_URL.search(entry)
            if url_match is None:
                continue
            url = _css_url(url_match)
            fmt_match = _FORMAT.search(entry[url_match.end() :])
            fmt = fmt_match.group("fmt").lower() if fmt_match else _bare(url).rsplit(".", 1)[-1].lower()
            rank = _FONT_FORMATS.get(fmt)
            if rank is None or (best is not None and rank >= best[0]):
                continue
            if url.startswith("data:"):
                best = (rank, url, fmt)
    if best is None:  # nothing embedded: leave the sources, pointed at the CDN
        return _rewrite_urls(m.group(0), base, report)
    fmt = {"ttf": "truetype", "otf": "opentype"}.get(best[2], best[2])
    return "@font-face{" + ";".join([*kept, f'src:url("{best[1]}") format("{fmt}")']) + "}"


def _rewrite_urls(css: str, base: str, report: InlineReport) -> str:
    """Point each ``url(...)`` of ``css`` that is not a ``data:`` URI at its absolute URL."""

    def repl(m: re.Match[str]) -> str:
        url = _css_url(m)
        if _is_inline(url):
            return m.group(0)
        absolute = _absolute(url, base)
        report.cdn_resources.add(_bare(absolute))
        return f'url("{absolute}")'

    return _CSS_URL.sub(repl, css)


def _inline_css(css: str, base: str, report: InlineReport) -> str:
    css = _FONT_FACE.sub(lambda m: _rewrite_font_face(m, base, report), css)
    # url()s outside @font-face (images); those inside are now data: URIs or absolute.
    css = _rewrite_urls(css, base, report)
    return re.sub(r"</style", r"<\\/style", css, flags=re.IGNORECASE)


def _inline_js(js: str) -> str:
    # Inside <script>, "</script" would end the element and "<!--" + "<script" would
    # change how HTML parses it; \x3C is "<" wherever these can occur in JavaScript
    # (strings, regular expressions, template literals, comments).
    return re.sub(r"<(?=/script|!--|script)", r"\\x3C", js, flags=re.IGNORECASE)


def inline(document: str) -> tuple[str, InlineReport]:
    """Inline the CDN scripts and stylesheets of an HTML document; return it with a report.

    Only the ``<head>`` is rewritten (where Folium puts its links); the rest of
    the document, including the map's data, is left as it is.
    """
    files = local_files()
    report = InlineReport()
    end = _find_head_end(document)
    head, rest = (document, "") if end < 0 else (document[:end], document[end:])

    # What the map shows, without the links themselves (whose URLs name the icon fonts).
    shown = _LINK_TAG.sub("", _SCRIPT_TAG.sub("", head)) + rest
    unused = set()
    if not _USES_FONT_AWESOME.search(shown):
        unused.add(FONT_AWESOME_CSS)
    if _GLYPHICONS_TOKEN not in shown.lower():  # 3x faster than a case-blind regex over 1 MB
        unused.add(GLYPHICONS_CSS)

    def script(m: re.Match[str]) -> str:
        url = html.unescape(m.group("url"))
        text = files.get(url)
        if text is None:
            report.missing.append(url)
            return m.group(0)
        report.inlined.append(url)
        return f"<script>/* {_comment(url)} */\n{_inline_js(text)}\n</script>"

    def link(m: re.Match[str]) -> str:
        attrs = {a.group("name").lower(): html.unescape(a.group("value")) for a in _ATTR.finditer(m.group(0))}
        url = attrs.get("href", "")
        if "stylesheet" not in attrs.get("rel", "").lower().split() or not re.match(r"(https?:)?//", url):
            return m.group(0)
        absolute = _absolute(url, "https://")
        if absolute in unused:
            report.dropped.append(absolute)
            return f"<!-- {_comment(absolute)}: not used by this map -->"
        text = files.get(absolute)
        if text is None:
            report.missing.append(url)
            return m.group(0)
        report.inlined.append(absolute)
        return f"<style>/* {_comment(absolute)} */\n{_inline_css(text, absolute, report)}\n</style>"

    head = _LINK_TAG.sub(link, _SCRIPT_TAG.sub(script, head))
    return head + rest, report


def _find_head_end(document: str) -> int:
    """Return where the first ``</head>`` (in any case) starts, or -1; without lower-casing the whole page."""
    plain = document.find("</head>")
    if plain < 0:
        return document.lower().find("</head>")
    earlier = document[:plain].lower().find("</head>")  # "</HEAD>" before the first "</head>"
    return plain if earlier < 0 else earlier


def _comment(url: str) -> str:
    """``url`` made safe for a CSS/JS comment and an HTML comment."""
    return url.replace("*/", "*_/").replace("--", "-_-")


def inline_assets(document: str) -> str:
    """Return ``document`` with its CDN scripts and stylesheets written inline.

    Parameters
    ----------
    document : str
        A whole HTML document, as ``folium.Map.get_root().render()`` returns.

    Returns
    -------
    str
        The document, which needs no network but for map tiles.

    Warns
    -----
    MissingAssetWarning
        When a script or stylesheet has no local copy; its CDN link is kept.
    """
    out, report = inline(document)
    if report.missing:
        msg = (
            f"no local copy of {', '.join(report.missing)}: the map keeps "
            f"{'this CDN link' if len(report.missing) == 1 else 'these CDN links'} and needs the "
            f"network for {'it' if len(report.missing) == 1 else 'them'} (is {ASSET_PACKAGE} "
            "the release for the installed folium?)"
        )
        warnings.warn(msg, MissingAssetWarning, stacklevel=3)
    gaps = report.cdn_resources - KNOWN_CSS_GAPS
    if report.cdn_resources:
        level = logging.WARNING if gaps else logging.DEBUG
        log(f"CSS resources without a local copy, left on their CDN: {sorted(report.cdn_resources)}", level)
    return out
