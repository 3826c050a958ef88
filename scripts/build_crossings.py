"""Build borderkit/data/crossings.csv, the curated, cited crossing points.

Every fact below carries its source: the coordinate, the status and the kind
of each crossing. Nothing is estimated. A crossing whose coordinate no
source gives is left out of the points and listed in ``UNLOCATED`` (written
to the manifest notes). The research behind this file, with excerpts, is in
``scripts/crossings_research.md``.

Run ``python scripts/build_crossings.py`` after ``scripts/build_data.py``
(it measures against the bundled border line). Deterministic: same input,
same bytes.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "borderkit" / "data"
OUT = DATA / "crossings.csv"
ACCESSED = "2026-11-25"

# --- citations ---------------------------------------------------------------
WIKI_NOTE = f"revision not verified; read {ACCESSED}"
CITE = {
    "wp_torkham": (
        "Wikipedia",
        "Torkham border crossing (infobox coordinates 34°6′53″N 71°5′5″E)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Torkham_border_crossing",
    ),
    "wp_chaman": (
        "Wikipedia",
        "Chaman border crossing (infobox coordinates 30°55′20″N 66°26′41″E)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Chaman_border_crossing",
    ),
    "wp_angur_ada": (
        "Wikipedia",
        "Angur Ada (infobox coordinates of the town, 32°30′56″N 69°16′57″E)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Angur_Ada",
    ),
    "wp_arandu": (
        "Wikipedia",
        "Arandu, Khyber Pakhtunkhwa (infobox coordinates of the village, 35°18′37″N 71°32′55″E)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Arandu,_Khyber_Pakhtunkhwa",
    ),
    "wp_land_crossings": (
        "Wikipedia",
        "Land border crossings of Pakistan (row: Arandu, 27.5.2022, Khyber Pakhtunkhwa-Kunar, "
        "Drosh-Jalalabad Road, Trade, Operational; uncited in the article)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Land_border_crossings_of_Pakistan",
    ),
    "tribune_closure": (
        "The Express Tribune",
        "Trade suspended amid Afghan border closure ('All entry points are closed since Saturday')",
        "2025-10-15",
        "https://tribune.com.pk/story/2572427/trade-suspended-amid-afghan-border-closure",
    ),
    "aptta": (
        "Governments of Afghanistan and Pakistan",
        "Afghanistan-Pakistan Transit Trade Agreement 2010, Annex 1: International Transit "
        "Transport Corridors and Ports of Entry/Exit",
        "2010-10-28",
        "https://docslib.org/doc/6469306/annex-1-international-transit-transport-corridors",
    ),
    "news_angoor": (
        "The News",
        "Pak-Afghan trade via Angoor Adda starts from today ('notified as Customs station in 2004')",
        "2020-09-23",
        "https://www.thenews.com.pk/print/718842-pak-afghan-trade-via-angoor-adda-starts-from-today",
    ),
}


def cite(key: str) -> str:
    """Return ``Publisher, "Title", date, URL`` for a citation key."""
    publisher, title, date, url = CITE[key]
    return f'{publisher}, "{title}", {date}, {url}'


# --- the crossings -------------------------------------------------------------
# location_precision: "crossing" = the source places the crossing itself;
# "town" = the source gives the town at the crossing (the gate may be hundreds of
# metres away); "snapped" = the cited point lies farther than 1 km from the bundled
# line, so the row's point is the nearest point of the line to it (cited_lat/lon keep
# the source's value).
CROSSINGS = [
    {
        "crossing_id": "torkham",
        "name": "Torkham",
        "alt_names": "PK: Torkham (gate: Bab-i-Pakistan) | AF: Torkham",
        "status": "closed",
        "as_of": "2025-10-15",
        "kind": "designated trade crossing",
        "pk_province": "Khyber Pakhtunkhwa",
        "pk_district": "Khyber",
        "af_province": "Nangarhar",
        "af_district": "Momand Dara",
        "cited_lat": 34.11472,
        "cited_lon": 71.08472,
        "location_precision": "crossing",
        "coord_source": "wp_torkham",
        "status_source": "tribune_closure",
        "kind_source": "aptta",
        "notes": "Partly reopened for Afghan returnees after the October 2025 closure (undated reports).",
    },
    {
        "crossing_id": "chaman-spin-boldak",
        "name": "Chaman-Spin Boldak",
        "alt_names": "PK: Chaman (gate: Bab-e-Dosti, Friendship Gate) | AF: Spin Boldak (Wesh)",
        "status": "closed",
        "as_of": "2025-10-15",
        "kind": "designated trade crossing",
        "pk_province": "Balochistan",
        "pk_district": "Chaman",
        "af_province": "Kandahar",
        "af_district": "Spin Boldak",
        "cited_lat": 30.92222,
        "cited_lon": 66.44472,
        "location_precision": "snapped",
        "coord_source": "wp_chaman",
        "status_source": "tribune_closure",
        "kind_source": "aptta",
        "notes": "The cited coordinate lies about 3.7 km from the bundled border line; the point is "
        "the nearest point of the line to it. The gate's own position is not established.",
    },
    {
        "crossing_id": "angoor-adda",
        "name": "Angoor Adda",
        "alt_names": "PK: Angoor Adda (post: Bab-i-Waziristan) | AF: Angur Ada",
        "status": "closed",
        "as_of": "2025-10-15",
        "kind": "designated trade crossing",
        "pk_province": "Khyber Pakhtunkhwa",
        "pk_district": "South Waziristan",
        "af_province": "Paktika",
        "af_district": "Barmal",
        "cited_lat": 32.51556,
        "cited_lon": 69.28250,
        "location_precision": "town",
        "coord_source": "wp_angur_ada",
        "status_source": "tribune_closure",
        "kind_source": "news_angoor",
        "notes": "Town point: the line crosses the town's bazaar; the gates lie several hundred metres "
        "west of the line (Wikipedia, Angur Ada).",
    },
    {
        "crossing_id": "arandu",
        "name": "Arandu",
        "alt_names": "PK: Arandu | AF: (Kunar)",
        "status": "unknown",
        "as_of": "",
        "kind": "trade crossing (listed, not verified)",
        "pk_province": "Khyber Pakhtunkhwa",
        "pk_district": "Lower Chitral",
        "af_province": "Kunar",
        "af_district": "",
        "cited_lat": 35.31028,
        "cited_lon": 71.54861,
        "location_precision": "town",
        "coord_source": "wp_arandu",
        "status_source": "",
        "kind_source": "wp_land_crossings",
        "notes": "Village point on the Drosh-Jalalabad road. No notification found; current status "
        "not established.",
    },
]

# Crossings established by sources but without a citable coordinate: left out of the points.
UNLOCATED = {
    "Ghulam Khan (North Waziristan / Khost)": "designated in APTTA 2010 Annex 1; the only "
    "coordinate found (German Wikipedia) is 10 km from the line and contradicts its own text",
    "Kharlachi (Kurram / Dand-e-Patan, Paktia)": "notified customs station 2005 (The News on "
    "Sunday); only an approximate, unsourced coordinate found (17 km from the line)",
    "Badini (Killa Saifullah / Badinai, Zabul)": "terminal planned (The Nation, 2024-07-09); no "
    "coordinate found",
    "Nawa Pass (Bajaur / Kunar)": "closed; no coordinate found; closure year 2007 not confirmed",
    "Gursal (Mohmand)": "closed since about 2010-2011 (sources disagree); no coordinate found",
    "Bin Shahi (Chitral / Kunar)": "listed by Wikipedia only; no coordinate found",
}

COLUMNS = [
    "crossing_id", "name", "alt_names", "status", "as_of", "kind", "pk_side", "af_side",
    "pk_province", "pk_district", "af_province", "af_district", "lat", "lon", "cited_lat",
    "cited_lon", "location_precision", "distance_to_border_m", "coord_source", "status_source",
    "kind_source", "notes", "source",
]  # fmt: skip


def _side(district: str, province: str) -> str:
    return f"{district}, {province}" if district else province


def build() -> tuple[str, dict]:
    """Return the CSV text and its manifest entry."""
    from borderkit.geo.border import load_border
    from borderkit.geo.geodesy import nearest_point_on_line

    line = load_border().geometry.iloc[0]
    rows = []
    for c in CROSSINGS:
        near_lon, near_lat, dist = nearest_point_on_line(line, c["cited_lon"], c["cited_lat"])
        if c["location_precision"] == "snapped":
            lon, lat = near_lon, near_lat
        else:
            assert dist <= 1000, f"{c['name']}: cited point {dist:.0f} m from the line"
            lon, lat = c["cited_lon"], c["cited_lat"]
        on_line = nearest_point_on_line(line, round(lon, 5), round(lat, 5))[2]
        row = {
            **c,
            "pk_side": _side(c["pk_district"], c["pk_province"]),
            "af_side": _side(c["af_district"], c["af_province"]),
            "lat": round(lat, 5),
            "lon": round(lon, 5),
            "distance_to_border_m": round(on_line),
            "coord_source": cite(c["coord_source"]),
            "status_source": cite(c["status_source"]) if c["status_source"] else "",
            "kind_source": cite(c["kind_source"]),
            "notes": c["notes"] + (f" Cited point {dist:,.0f} m from the line." if dist > 1000 else ""),
            "source": "borderkit-crossings",
        }
        rows.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row[k] for k in COLUMNS})
    text = buf.getvalue()
    unlocated = "; ".join(f"{k}: {v}" for k, v in UNLOCATED.items())
    entry = {
        "title": "Crossing points of the Afghanistan-Pakistan border (curated, cited)",
        "source": {"registry": "curated", "package": "scripts/build_crossings.py", "version": "1"},
        "publisher": "borderkit, from the cited public sources in each row",
        "licence": "CC BY 4.0 (compilation); facts from the cited sources",
        "attribution": "Crossing points: borderkit curation of cited public sources",
        "as_of": max(r["as_of"] for r in rows if r["as_of"]),
        "notes": (
            "One row per crossing with a citable coordinate; each row cites the source of its "
            "coordinate (coord_source), status (status_source) and kind (kind_source), read "
            f"{ACCESSED}. location_precision: crossing (the source places the crossing), town (the "
            "source gives the town at the crossing), snapped (the cited point is farther than 1 km "
            "from the bundled line; lat/lon are the nearest point of the line, cited_lat/cited_lon "
            "the source's). Left out for want of a citable coordinate: " + unlocated + ". "
            "Research notes: scripts/crossings_research.md."
        ),
    }
    return text, entry


def main() -> None:
    from borderkit.geo._data import record_files

    text, entry = build()
    OUT.write_text(text, encoding="utf-8")
    entry = record_files(DATA, {OUT.name: entry})["files"][OUT.name]
    print(f"{OUT.relative_to(ROOT)}: {len(CROSSINGS)} crossings, {entry['bytes']:,} bytes")


if __name__ == "__main__":
    main()
