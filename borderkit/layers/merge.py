"""Merge the layers of several regions into one map's layers (one legend, each feature once)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from .model import Layer


def _merge_two(a: Layer, b: Layer) -> Layer:
    frame = pd.concat([a.frame, b.frame], ignore_index=True)
    frame = gpd.GeoDataFrame(frame, geometry=a.frame.geometry.name, crs=a.frame.crs)
    # The same feature drawn twice (Afghanistan's outline and provinces, in both regions) is kept once.
    key = frame.geometry.to_wkb().map(bytes)
    if "name" in frame.columns:
        key = key + frame["name"].astype(str).str.encode("utf-8")
    keep = ~key.duplicated().to_numpy()
    frame = frame[keep].reset_index(drop=True)
    time_style = a.time_style
    if a.time_style is not None and b.time_style is not None and a.time_style["kind"] == b.time_style["kind"]:
        features = list(a.time_style["features"]) + list(b.time_style["features"])
        time_style = {**a.time_style, "features": [f for f, k in zip(features, keep, strict=True) if k]}
        extents = [s["extent"] for s in (a.time_style, b.time_style) if s.get("extent")]
        if extents:
            time_style["extent"] = [min(e[0] for e in extents), max(e[1] for e in extents)]
        if "legend_dated" in a.time_style:
            time_style["legend_dated"] = list(
                dict.fromkeys([*a.time_style["legend_dated"], *b.time_style.get("legend_dated", [])])
            )
    time_counts = a.time_counts
    if (
        a.time_counts is not None
        and b.time_counts is not None
        and a.time_counts["months"] == b.time_counts["months"]
        and keep.all()
    ):
        time_counts = {
            **a.time_counts,
            "counts": a.time_counts["counts"] + b.time_counts["counts"],
            "length_km": a.time_counts["length_km"] + b.time_counts["length_km"],
        }
    elif a.time_counts is not None and not keep.all():
        time_counts = None
    parts = [p.strip() for t in (a.attribution, b.attribution) for p in t.split(";") if p.strip()]
    return dataclasses.replace(
        a,
        frame=frame,
        legend=list(dict.fromkeys([*a.legend, *b.legend])),
        attribution="; ".join(dict.fromkeys(parts)),
        citations=list(dict.fromkeys([*a.citations, *b.citations])),
        time_style=time_style,
        time_counts=time_counts,
        tooltip=[t for t in a.tooltip if t[0] in frame.columns],
        popup=[p for p in a.popup if p[0] in frame.columns],
    )


def merge_layers(groups: Sequence[Sequence[Layer]]) -> list[Layer]:
    """Merge lists of layers (one list per region) into one list: layers of the same name become one.

    Their frames are concatenated (a feature present in both, such as
    Afghanistan's outline, is kept once), their legends and credits joined;
    the time-slider data follow their features. Layers found in only one
    list keep their place relative to their neighbours.

    Parameters
    ----------
    groups : sequence of sequences of Layer
        E.g. ``[bk.region().layers, bk.region("AFG", "IRN").layers]``.

    Returns
    -------
    list of Layer
    """
    merged: list[Layer] = []
    for layers in groups:
        at = 0
        for layer in layers:
            names = [ly.name for ly in merged]
            if layer.name in names:
                i = names.index(layer.name)
                merged[i] = _merge_two(merged[i], layer)
                at = max(at, i + 1)
            else:
                merged.insert(at, layer)
                at += 1
    return merged


__all__ = ["merge_layers"]
