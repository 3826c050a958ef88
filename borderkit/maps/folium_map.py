"""Render layers to an interactive Leaflet map with Folium."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import folium
import geopandas as gpd
import pandas as pd

from .._atomic import atomic_path
from ..geo.sources import credit, dataset_attribution
from ..layers import Layer, LegendEntry, major_places
from ..layers.citations import short_citation
from ..layers.palette import EVENT_RAMP
from ._page import Page
from .controls import (
    Attribution,
    Fullscreen,
    GroupedLayers,
    Legend,
    MeasureControl,
    OutlineMiniMap,
    PageStyle,
    SearchIndex,
    TimeStyle,
    Title,
)

if TYPE_CHECKING:
    from ..regions import Region

DEFAULT_TITLE = "The Afghanistan-Pakistan border (Durand Line)"
# Layer.group -> heading in the layer control, in this order.
GROUP_LABELS = {
    "base": "Base",
    "boundaries": "Boundaries",
    "crossings": "Crossings",
    "settlements": "Settlements",
    "events": "Events",
    "displacement": "Displacement",
    "analysis": "Analysis",
}
POPUP_MAX_WIDTH_PX = 340
POPUP_MIN_WIDTH_PX = 300
POPUP_MAX_HEIGHT_PX = 320  # taller popups scroll inside their box
MINIMAP_TOLERANCE_DEG = 0.05  # outlines drawn in the overview map are simplified this much


def _escape(value: Any) -> Any:
    """HTML-escape text that Leaflet will insert as HTML; leave numbers alone."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    return value


def _citation_html(value: Any) -> str:
    """Return a citation as a short linked label, the whole reference on hover; every part escaped."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return ""
    c = short_citation(str(value))
    label, full = html.escape(c.label), html.escape(c.full, quote=True)
    if c.url:
        href = html.escape(c.url, quote=True)
        return (
            f'<a class="borderkit-cite" href="{href}" target="_blank" rel="noopener noreferrer" '
            f'title="{full}">{label}</a>'
        )
    return f'<span class="borderkit-cite" title="{full}">{label}</span>'


def _changes_html(value: Any) -> str:
    """Return a list of changes (dicts of date, label, citation) as compact lines, every part escaped."""
    if not isinstance(value, list | tuple) or not value:
        return ""
    lines = []
    for change in value:
        cite = _citation_html(change.get("citation", ""))
        text = f"{html.escape(str(change.get('date', '')))} {html.escape(str(change.get('label', '')))}"
        lines.append(f'<div class="borderkit-change">{text}{" · " + cite if cite else ""}</div>')
    return "".join(lines)


def _geojson_frame(layer: Layer) -> gpd.GeoDataFrame:
    """Only the columns the map needs, with every text value escaped (citations as short links)."""
    cols = {c for c, _ in [*layer.tooltip, *layer.popup]}
    for key in ("fill_color_from", "color_from", "radius_from", "weight_from"):
        col = layer.style.get(key)
        if isinstance(col, str):
            cols.add(col)
    frame = pd.DataFrame(layer.frame[[c for c in layer.frame.columns if c in cols]])

    def how(col: str) -> Any:
        if col in layer.histories:
            return _changes_html
        return _citation_html if col in layer.citations else _escape

    data = {col: frame[col].map(how(col)).astype(object) for col in frame.columns}
    if layer.time_counts is not None or layer.time_style is not None:
        data["bk_k"] = list(range(len(frame)))  # the feature's row in the time counts
    geometry = layer.frame.geometry.values
    return gpd.GeoDataFrame(data, index=frame.index, geometry=geometry, crs=layer.frame.crs)


def _style_function(layer: Layer):
    style = layer.style
    fill_from = style.get("fill_color_from")
    color_from = style.get("color_from")

    def fn(feature: dict[str, Any]) -> dict[str, Any]:
        color = style.get("color", "#333333")
        if isinstance(color_from, str):
            color = feature["properties"].get(color_from) or color
        fill = style.get("fill_color", color)
        if isinstance(fill_from, str):
            fill = feature["properties"].get(fill_from) or fill
        out: dict[str, Any] = {
            "color": color,
            "weight": style.get("weight", 1),
            "opacity": style.get("opacity", 1.0),
            "fillColor": fill,
            "fillOpacity": style.get("fill_opacity", 0.0 if layer.kind != "point" else 0.8),
        }
        radius_from = style.get("radius_from")
        if layer.kind == "point" and isinstance(radius_from, str):
            out["radius"] = feature["properties"].get(radius_from) or style.get("radius", 6)
        if layer.kind == "point" or out["fillOpacity"] > 0:
            out["fill"] = True
        weight_from = style.get("weight_from")
        if isinstance(weight_from, str):
            out["weight"] = feature["properties"].get(weight_from) or style.get("weight", 1)
        if style.get("dash"):
            out["dashArray"] = style["dash"]
        return out

    return fn


def add_layer(m: folium.Map, layer: Layer) -> folium.FeatureGroup:
    """Add one Layer to a Folium map as a toggleable feature group."""
    group = folium.FeatureGroup(name=html.escape(layer.name), show=layer.show)
    data = _geojson_frame(layer)
    kwargs: dict[str, Any] = {"style_function": _style_function(layer), "name": html.escape(layer.name)}
    if layer.tooltip:
        kwargs["tooltip"] = folium.GeoJsonTooltip(
            fields=[c for c, _ in layer.tooltip],
            aliases=[html.escape(a) for _, a in layer.tooltip],
            sticky=True,
        )
    if layer.popup:
        popup_options: dict[str, Any] = {
            "maxWidth": POPUP_MAX_WIDTH_PX,
            "minWidth": POPUP_MIN_WIDTH_PX,
            "maxHeight": POPUP_MAX_HEIGHT_PX,
            "autoPanPaddingTopLeft": [60, 110],  # clear of the title and the time slider
        }
        kwargs["popup"] = folium.GeoJsonPopup(
            fields=[c for c, _ in layer.popup],
            aliases=[html.escape(a) for _, a in layer.popup],
            **popup_options,
        )
    if layer.kind == "point":
        kwargs["marker"] = folium.CircleMarker(radius=cast("float", layer.style.get("radius", 6)), fill=True)
    if data.crs is not None and not data.crs.equals("EPSG:4326"):
        data = data.to_crs("EPSG:4326")
    # A plain dict: folium would otherwise round-trip the frame through json.dumps and json.loads.
    geojson = folium.GeoJson(data.__geo_interface__, **kwargs)
    geojson.add_to(group)
    group.add_to(m)
    # For the time slider, which re-colours time-aware layers.
    group.borderkit_geojson = geojson  # type: ignore[attr-defined]
    return group


def tile_provider(name: str) -> Any:
    """Return the ``xyzservices`` tile provider called ``name`` (e.g. ``"CartoDB.Positron"``).

    A provider family (``"OpenStreetMap"``) gives its first variant
    (``OpenStreetMap.Mapnik``). Matching ignores case, dots and spaces.

    Raises
    ------
    ValueError
        If no provider has that name.
    """
    import xyzservices

    providers = xyzservices.providers
    try:
        return providers.query_name(name)
    except ValueError:
        pass
    wanted = re.sub(r"[\s._-]", "", name).lower()
    for key, value in providers.items():
        if key.lower() == wanted and isinstance(value, xyzservices.Bunch):
            first = next((v for v in value.values() if isinstance(v, xyzservices.TileProvider)), None)
            if first is not None:
                return first
    msg = (
        f"no tile provider called {name!r}: pass an xyzservices provider name such as "
        "'OpenStreetMap', 'OpenTopoMap', 'Esri.WorldImagery' or 'CartoDB.Positron' "
        "(all names: xyzservices.providers.flatten())"
    )
    raise ValueError(msg)


def _short_credit(text: str) -> str:
    """Return the first part of a credit, before its first ' (' or ', ' (the whole text is in the legend)."""
    cut = min((i for i in (text.find(" ("), text.find(", ")) if i > 0), default=len(text))
    return text[:cut].strip()


def _credits(layers: Sequence[Layer], tile_attribution: str, events_datasets: Sequence[str]) -> list[str]:
    """Return the credits for the attribution bar: each source once, short, none the tiles already give."""
    plain_tiles = html.unescape(re.sub(r"<[^>]+>", "", tile_attribution))
    out: dict[str, None] = {}
    for layer in layers:
        for part in (p.strip() for p in layer.attribution.split(";")):
            short = _short_credit(part)
            if short and short.lstrip("© ").strip() not in plain_tiles:
                out[short] = None
    if events_datasets:
        out["Events: " + ", ".join(_short_credit(dataset_attribution(d)) for d in events_datasets)] = None
    return list(out)


def _minimap_outlines(layers: Sequence[Layer]) -> dict[str, Any] | None:
    """Return the base polygon layers (the countries), simplified, as GeoJSON for the overview map."""
    frames = []
    for layer in layers:
        if layer.group == "base" and layer.kind == "polygon":
            fill_from = layer.style.get("fill_color_from")
            fill = layer.style.get("fill_color", "#bbb")
            if isinstance(fill_from, str):
                fill = layer.frame[fill_from]
            frames.append(
                gpd.GeoDataFrame(
                    {"fill": fill},
                    geometry=layer.frame.geometry.simplify(MINIMAP_TOLERANCE_DEG).values,
                    crs=layer.frame.crs,
                )
            )
    if not frames:
        return None
    return json.loads(pd.concat(frames, ignore_index=True).to_json(drop_id=True))


def render(
    layers: Sequence[Layer],
    *,
    title: str | None = DEFAULT_TITLE,
    tiles: str | None = "OpenStreetMap",
    events: gpd.GeoDataFrame | None = None,
    events_title: str = "Events",
    search_places: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Render layers to a Folium map with a layer control, a legend, a scale and credits.

    Parameters
    ----------
    layers : sequence of Layer
        Drawn in order (first at the bottom).
    title : str or None
        Title shown at the top of the map and as the page's title.
    tiles : str or None
        Base tiles: any ``xyzservices`` provider name (``"OpenStreetMap"``,
        ``"OpenTopoMap"``, ``"Esri.WorldImagery"``...); None for none. Without
        a network the tiles fail quietly, the layers still show, and the
        overview map in the corner still draws the countries.
    events : geopandas.GeoDataFrame, optional
        Events in the events schema: drawn as clustered markers coloured by
        type with one time slider, plus a heat layer (off at first); see
        :func:`borderkit.maps.event_layers.add_events`. The slider drives
        the markers, the heat layer and a corridor layer's shading.
    events_title : str
        Name of the events layer.
    search_places : geopandas.GeoDataFrame, optional
        More named points for the search box (e.g. the major cities), besides
        the named points and polygons of ``layers``.

    Returns
    -------
    folium.Map

    Raises
    ------
    ValueError
        With no layers, or a ``tiles`` name no provider has.
    """
    if not layers:
        msg = "render() needs at least one layer"
        raise ValueError(msg)
    provider = tile_provider(tiles) if tiles else None
    m = folium.Map(tiles=None, control_scale=True, min_zoom=3)
    Page().add_child(m)
    groups: dict[str, list[tuple[str, Any]]] = {label: [] for label in GROUP_LABELS.values()}
    tile_attribution = ""
    if provider is not None:
        tile_attribution = provider.html_attribution
        tile = folium.TileLayer(provider, name=f"{tiles} tiles (online)", overlay=True, control=True)
        tile.add_to(m)
        groups[GROUP_LABELS["base"]].append((html.escape(tile.layer_name), tile))
    shade = None
    timed: list[tuple[str, Layer]] = []
    lines = [
        ly for ly in layers if ly.group == "boundaries" and ly.kind == "line" and "label" in ly.frame.columns
    ]
    for layer in layers:
        fg = add_layer(m, layer)
        if len(lines) > 1 and layer in lines:  # several borders: each line says what it is, on the map
            _label_line(fg, layer)
        label = GROUP_LABELS.get(layer.group, layer.group.title())
        groups.setdefault(label, []).append((html.escape(layer.name), fg))
        if layer.time_counts is not None and shade is None:
            shade = {"layer": fg.borderkit_geojson.get_name(), **layer.time_counts}  # type: ignore[attr-defined]
        if layer.time_style is not None:
            timed.append((fg.borderkit_geojson.get_name(), layer))  # type: ignore[attr-defined]
    extents = [(ly.time_style or {})["extent"] for _, ly in timed if (ly.time_style or {}).get("extent")]
    extent = None
    if extents:  # flows or stocks need a slider; the status history widens it (to today)
        extents += [(ly.time_style or {})["span"] for _, ly in timed if (ly.time_style or {}).get("span")]
        extent = (min(e[0] for e in extents), max(e[1] for e in extents))
    bounds = pd.concat([ly.frame.geometry for ly in layers]).total_bounds
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    has_events = events is not None and len(events) > 0
    heat = None
    if has_events:
        from .event_layers import add_heat

        heat = add_heat(m, events, title=events_title, filled=False)
        if heat is not None:
            groups[GROUP_LABELS["events"]].append((heat.layer_name, heat))
    control = GroupedLayers(groups)
    m.add_child(control)
    slider = has_events or extent is not None
    entries = [
        e
        for ly in layers
        for e in (ly.time_style.get("legend_dated", ly.legend) if slider and ly.time_style else ly.legend)
    ]
    datasets: list[str] = []
    if slider:
        from .event_layers import add_events

        element = add_events(
            m,
            events if has_events else _no_events(),
            control,
            title=events_title if has_events else "Time",
            group=GROUP_LABELS["events"],
            heat=heat,
            shade=shade,
            extent_days=extent,
        )
        for var, layer in timed:
            m.add_child(TimeStyle(var, layer.name, layer.time_style or {}))
        entries += [LegendEntry(f"Event: {t}", c, "circle") for t, c in element.legend]
        if heat is not None:
            ramp = ",".join(EVENT_RAMP)
            entries.append(LegendEntry("Event heat: few to many (1 + fatalities each)", ramp, "ramp"))
        if has_events and events is not None:
            datasets = sorted(set(events.get("source_dataset", pd.Series(dtype=str)).dropna().astype(str)))
    _add_tools(m, layers, provider, search_places)
    keys = [
        k for ly in layers if "source" in ly.frame.columns for k in ly.frame["source"].dropna().astype(str)
    ]
    sources = [credit(k) for k in dict.fromkeys(keys)]
    sources += [f"Events: {dataset_attribution(d)}" for d in datasets]
    sources += [ly.attribution for ly in layers if "source" not in ly.frame.columns and ly.attribution]
    entries = list(dict.fromkeys(entries))  # one legend, each entry once (several regions share most)
    if entries or sources:
        m.add_child(Legend(entries, sources=sources))
    credits = _credits(layers, tile_attribution, datasets)
    if credits:
        m.add_child(Attribution(credits))
    m.add_child(Title(title or "borderkit map", box=bool(title)))
    m.get_root().add_child(PageStyle())
    return m


def _label_line(group: folium.FeatureGroup, layer: Layer) -> None:
    """Pin each line's ``label`` (escaped) at its middle, in the line's own group (toggled with it)."""
    for label, geom in zip(layer.frame["label"], layer.frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        mid = geom.interpolate(0.5, normalized=True)
        text = html.escape(str(label))
        icon = folium.DivIcon(
            html=f'<div class="borderkit-line-label">{text}</div>', icon_size=(190, 40), icon_anchor=(-8, 20)
        )
        folium.Marker([mid.y, mid.x], icon=icon, interactive=False).add_to(group)


def _no_events() -> gpd.GeoDataFrame:
    """Return an empty events frame: the time slider with no events (for flows and stocks)."""
    columns = ["date", "event_type", "fatalities", "location", "actors", "notes", "source_dataset"]
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs="EPSG:4326")


def _add_tools(
    m: folium.Map, layers: Sequence[Layer], provider: Any, search_places: gpd.GeoDataFrame | None
) -> None:
    """Fullscreen, measure (km), an overview map, a search box over named points and polygons."""
    Fullscreen(position="topleft").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    outlines = _minimap_outlines(layers)
    if outlines is not None:  # no toggle button: its image is not among the packaged assets
        m.add_child(OutlineMiniMap(outlines, tiles=provider.build_url() if provider is not None else None))
    frames = [ly.frame for ly in layers if ly.kind in {"point", "polygon"} and "name" in ly.frame.columns]
    if search_places is not None and "name" in search_places.columns:
        frames.append(search_places)
    points: list[tuple[str, float, float]] = []
    for frame in frames:
        geoms = frame.geometry
        keep = ~(geoms.isna() | geoms.is_empty)
        anchors = geoms[keep].representative_point()
        points += [(str(n), g.y, g.x) for n, g in zip(frame["name"][keep], anchors, strict=True)]
    if points:
        m.add_child(SearchIndex(points, placeholder="Search places by name"))


def save_html(m: folium.Map, path: str | Path, *, self_contained: bool = True) -> Path:
    """Write a map to an HTML file, creating its folder; return the absolute path.

    The file is written atomically: an interrupted run leaves the old file or none.

    Parameters
    ----------
    m : folium.Map
        The map, e.g. from :func:`make_map` or :func:`render`.
    path : str or Path
        The HTML file to write.
    self_contained : bool
        Write Leaflet and every other script and stylesheet the map loads into
        the file (about 0.6 MB more), so that it opens and works with no
        network; the base tiles alone still need it, and without it they fail
        quietly while the layers show. False keeps the CDN links.

    Returns
    -------
    Path

    Warns
    -----
    MissingAssetWarning
        If a script or stylesheet has no local copy (its CDN link is then kept).

    Examples
    --------
    >>> import borderkit as bk
    >>> path = bk.save_html(bk.make_map(), "out/durand_line.html")  # doctest: +SKIP
    """
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = m.get_root()
    if isinstance(root, Page):
        document = root.render_page(inline=self_contained)
    else:  # a map made with folium directly
        document = root.render()
        if self_contained:
            from ._assets import inline_assets

            document = inline_assets(document)
    with atomic_path(path) as tmp:
        Path(tmp).write_text(document, encoding="utf-8", newline="")  # as written, on every OS
    return path


def make_map(
    layers: Sequence[Layer] | None = None,
    *,
    region: Region | None = None,
    regions: Sequence[Region] | None = None,
    title: str | None = None,
    events: gpd.GeoDataFrame | None = None,
    flows: pd.DataFrame | str | Path | None = None,
    stocks: pd.DataFrame | str | Path | None = None,
    population_type: str | Sequence[str] | None = None,
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """Build a border map: countries, provinces, the border, corridors, settlements, crossings.

    Shown inline in a notebook, the map carries its scripts itself and works
    with no network (the base tiles aside). Add your own data with
    ``frame.explore(m=bk.make_map())`` or, styled like the rest and listed in
    the legend, :func:`borderkit.layers.frame_layer`.

    Parameters
    ----------
    layers : sequence of Layer, optional
        The layers to draw (default: the layers of ``region`` or ``regions``).
    region : Region, optional
        The border region to draw (default :func:`borderkit.region`, the
        Afghanistan-Pakistan border); its frames and layers are built once
        and shared with the exports and the figure.
    regions : sequence of Region, optional
        Several regions on one map, e.g. ``[bk.region(), bk.region("AFG",
        "IRN")]`` for both of Afghanistan's eastern and western borders: one
        legend, each line labelled with its status, the crossings (and flows)
        of all.
    title : str, optional
        Title of the map and of the page (default: the region's).
    events : geopandas.GeoDataFrame, optional
        Events to draw with a time slider (see :func:`render`); the
        corridors are then shaded by events per 100 km (default: the
        region's events, if it has any).
    flows : DataFrame, str or pathlib.Path, optional
        Displacement flows (a frame, a file or ``"bundled"``, see
        :func:`~borderkit.geo.displacement.load_flows`; default the region's):
        the crossings become proportional symbols of the people who crossed
        in the months the time slider shows, with lines to the provinces of
        destination where the data give them.
    stocks : DataFrame, str or pathlib.Path, optional
        Refugee stocks (see :func:`~borderkit.geo.displacement.load_stocks`;
        default the region's): a choropleth by province of the country of
        asylum (by district when the region has districts), the latest
        figure on or before the slider's day.
    population_type : str or sequence of str, optional
        The flows' population type(s) the circles and lines add up (one
        type, or types counted apart; see
        :func:`~borderkit.geo.displacement.select_population_type`). Default:
        every type when none contains another, else the type with the most
        rows by crossing (the legend names it).
    tiles : str or None
        Base tiles: any ``xyzservices`` provider name; None for none.

    Returns
    -------
    folium.Map

    Raises
    ------
    ValueError
        If both ``region`` and ``regions`` are given, ``regions`` is empty, or
        ``layers`` comes with ``regions``, ``flows`` or ``stocks``.

    Examples
    --------
    >>> import borderkit as bk
    >>> m = bk.make_map()
    >>> type(m).__name__
    'Map'
    >>> both = bk.make_map(regions=[bk.region(), bk.region("AFG", "IRN")], flows="bundled")  # doctest: +SKIP
    """
    search = None
    if layers is not None and (
        regions is not None or flows is not None or stocks is not None or population_type is not None
    ):
        msg = (
            "make_map: regions=, flows= and stocks= build the layers; with layers= add them yourself "
            "(borderkit.layers.displacement_layers) or drop layers="
        )
        raise ValueError(msg)
    if layers is None:
        from ..regions import region as default_region

        if regions is not None and region is not None:
            msg = "make_map: give region= or regions=, not both"
            raise ValueError(msg)
        if regions is not None and not len(regions):
            msg = "make_map: regions= is empty; give at least one Region (e.g. [bk.region()])"
            raise ValueError(msg)
        chosen = list(regions) if regions is not None else [default_region() if region is None else region]
        groups = [
            r.map_layers(
                events=r.events if events is None else events,
                flows=flows,
                stocks=stocks,
                population_type=population_type,
            )
            for r in chosen
        ]
        if len(groups) == 1:
            layers = groups[0]
        else:
            from ..layers.merge import merge_layers

            layers = merge_layers(groups)
        if events is None:
            with_events = [r.events for r in chosen if r.events is not None]
            events = with_events[0] if with_events else None
        codes = tuple(dict.fromkeys(c for r in chosen for c in r.codes))
        search = major_places(countries=codes)
        if title is None:
            titles = [r.title for r in chosen]
            title = (
                titles[0]
                if len(titles) == 1
                else " and ".join([titles[0], *(t[0].lower() + t[1:] for t in titles[1:])])
            )
    title = DEFAULT_TITLE if title is None else title
    return render(layers, title=title, events=events, tiles=tiles, search_places=search)
