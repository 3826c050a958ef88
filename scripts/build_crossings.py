"""Build borderkit/data/crossings.csv and crossing_status.csv, the curated, cited crossings.

Every fact below carries its source: the position, the status and the kind of
each crossing. Nothing is estimated or guessed. A position comes, in this order
of preference (issue 11), from

1. a primary source that gives coordinates (an encyclopedia infobox);
   ``location_precision`` ``crossing`` or ``town`` (the source gives the town
   at the crossing), or ``snapped`` when the cited point lies farther than
   1 km from the bundled line (the row then holds the nearest point of the line);
2. a secondary compilation that reproduces a primary one, accepted only when
   the row names both, the point lies within 1 km of the bundled line and
   inside the district that the sources name for the crossing
   (``secondary``); or
3. a documented, reproducible derivation (``derived``; none yet).

A crossing whose position cannot be established on these terms stays in the
table with its citations and empty ``lat``/``lon``/``location_precision``.
Afghanistan-Iran rows (``border`` ``AFG-IRN``) are positioned by the same rules
and measured against the bundled Afghanistan-Iran line.

``status``/``as_of``/``status_source`` of a crossing come from its current
(open-ended) interval in ``crossing_status.csv`` (built by the same run from
``scripts/build_crossing_status.py``); a crossing without one is ``unknown``.

The research behind both files, with excerpts and what was rejected, is in
``scripts/crossings_research.md``. Run ``python scripts/build_crossings.py``
after ``scripts/build_data.py`` (it measures against the bundled line), then
``scripts/build_timeline.py`` (timeline rows take their points from
crossings.csv). Deterministic: same input, same bytes.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import build_crossing_status as status_data  # noqa: E402

DATA = ROOT / "borderkit" / "data"
OUT = DATA / "crossings.csv"
STATUS_OUT = DATA / "crossing_status.csv"
ACCESSED = "2026-11-25"  # sources read by the first session
ACCESSED_2 = "2026-12-01"  # sources added by this session
MAX_DISTANCE_M = 1000.0
PRECISIONS = ("crossing", "town", "snapped", "secondary", "derived", "")
BORDERS = ("AFG-PAK", "AFG-IRN")

# --- citations ---------------------------------------------------------------
WIKI_NOTE = f"revision not verified; read {ACCESSED}"
FLOWMAP_COMMIT = "f58e1166767d9747b20be08ceaaba7eae92becb0"
FLOWMAP_URL = (
    f"https://github.com/OsamaAlkhalifa/AFG_flowmap_test/blob/{FLOWMAP_COMMIT}/csv-data/inflow_v1.csv"
)
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
        "Land border crossings of Pakistan (table of border crossings with Afghanistan; the Arandu and "
        "Bin Shahi rows are uncited in the article)",
        WIKI_NOTE,
        "https://en.wikipedia.org/wiki/Land_border_crossings_of_Pakistan",
    ),
    "wp_islam_qala": (
        "Wikipedia",
        "Islam Qala ('the official port of entry by land from neighboring Taybad in Iran'; the crossing "
        "'about 10 km northwest of the town')",
        f"revision not verified; read {ACCESSED_2}",
        "https://en.wikipedia.org/wiki/Islam_Qala",
    ),
    "wp_tari_mangal": (
        "Wikipedia",
        "Tari Mangal (infobox coordinates of the town, 33°58′N 69°53′E, whole minutes; 'a small city at "
        "Durand Line')",
        f"revision not verified; read {ACCESSED_2}",
        "https://en.wikipedia.org/wiki/Tari_Mangal",
    ),
    "geo_2017_kurram": (
        "Geo News",
        "Pak-Afghan border reopens after 32 days ('The border remains closed in Kurram Agency's Borki, "
        "Kharlachi, Tiri Mingal, and Shaheedano Dand', per the political administration)",
        "2017-03-21",
        "https://www.geo.tv/latest/135032-Pak-Afghan-border-reopens-at-PMs-behest",
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
    "tns_kharlachi": (
        "The News on Sunday",
        "Border trade ('In 2005, the federal government had issued a notification declaring Kharlachi a "
        "customs station')",
        f"undated; read {ACCESSED}",
        "https://www.thenews.com.pk/tns/detail/944455-border-trade",
    ),
    "afintl_kharlachi": (
        "Afghanistan International",
        "Kharlachi border crossing 'located in the Dand Wa Patan district of Paktia'",
        "2024-05-26",
        "https://afintl.com/en/202405264898",
    ),
    "mict_ghulam_khan": (
        "Media in Cooperation and Transition (afghanistan-today.org)",
        "Af-Pak 2014: Checkpoint stalemate ('customs infrastructure at Gurbuz in Khost')",
        "2014-11-17",
        "http://www.afghanistan-today.org/en/articles/56/812/Af-Pak-2014-Checkpoint-stalemate.htm",
    ),
    "nation_badini": (
        "The Nation",
        "Govt to set up new terminal at Pak-Afghan border ('Border Terminal facility on Pak-Afghan border "
        "at Badini in district Killa Saifullah')",
        "2024-07-09",
        "https://www.nation.com.pk/09-Jul-2024/govt-to-set-up-new-terminal-at-pak-afghan-border",
    ),
    "ucdp_ged_nawa_pass": (
        "Uppsala Conflict Data Program (UCDP), Georeferenced Event Dataset, Pakistan extract as published on "
        "HDX (events 1989-2021)",
        "event 60623 (relid PAK-2009-1-768-400, 24 Oct 2009): where_coordinates 'Nawa Pass', "
        "where_description 'Nawapass', where_prec 1 (the location corresponds exactly to the coordinates), "
        "adm_2 'Bajaur agency', 34.742012 N 71.183039 E",
        f"undated extract; read {ACCESSED_2}",
        "https://github.com/Danishshh/Crime-Analysis-and-prediction-on-Pakistan-data/blob/"
        "8d3a7c014af606518032ac3dc2618c113799a671/conflict_data_pak.csv",
    ),
    "urdupoint_2021_notified": (
        "UrduPoint (Pakistan Point News)",
        "Pakistan Has 6 Notified Borders With Afghanistan For Trade: NA Told ('these notified borders were "
        "included Torkham, Chaman, Badini, Angur Ada, Ghulam Khan and Kharlachi')",
        "2021-04-16",
        "https://www.urdupoint.com/en/pakistan/pakistan-has-6-notified-borders-with-afghanis-1225636.html",
    ),
    "pajhwok_badinai": (
        "Pajhwok Afghan News",
        "Zabul's Badinai crossing opened for public movement",
        "2023-01-08",
        "https://pajhwok.com/2023/01/08/zabuls-badinai-crossing-opened-for-public-movement/",
    ),
    "nation_nawa": (
        "The Nation",
        "Bajaur jirga demands reopening of Afghan border ('Nawa Pas border crossing is linked to Kunar "
        "province')",
        "2020-11-07",
        "https://nation.com.pk/07-Nov-2020/bajaur-jirga-demands-reopening-of-afghan-border",
    ),
    "nation_bajaur_jirga": (
        "The Nation",
        "Jirga demands reopening of border crossings (Ghakhi, Nawa and Lethai passes, Bajaur)",
        "2022-05-14",
        "https://nation.com.pk/2022/05/14/jirga-demands-reopening-of-border-crossings/",
    ),
    "nation_gursal": (
        "The Nation",
        "Tribals demand reopening of Pak-Afghan Gursal border ('the Pak-Afghan border trade route at "
        "Gursal')",
        "2023-10-22",
        "https://www.nation.com.pk/22-Oct-2023/tribals-demand-reopening-of-pak-afghan-gursal-border",
    ),
    "iom_dtm_2024_09": (
        "IOM DTM Afghanistan (via ReliefWeb)",
        "Weekly Flow Monitoring Snapshot (1 - 7 September 2024): crossing points Islam Qala, Milak, Abu "
        "Nasr Farahi (Iran) and Torkham, Ghulam Khan, Pathan, Angor Ada, Spin Boldak, Baramcha, Nazar "
        "Posta (Pakistan)",
        "2024-09-07",
        "https://reliefweb.int/report/afghanistan/dtm-afghanistan-weekly-flow-monitoring-snapshot-1-7-"
        "september-2024-data-updated-2100-7-september",
    ),
    "mehr_silk_bridge": (
        "Mehr News Agency",
        "Iran, Afghanistan to build new transit route ('The Silk bridge border crossing is the only "
        "connection between Zaranj city and the Milak border crossing of Iran')",
        "2022-09-18",
        "https://en.mehrnews.com/news/191548/Iran-Afghanistan-to-build-new-transit-route",
    ),
    "inp_2025_badini_baramcha": (
        "Independent News Pakistan (INP)",
        "Chaman, Qila Saifullah aur Chaghi se Pak-Afghan sarhad do roz se band (Urdu: the border is closed "
        "at Chaman, at the Badini border in Qila Saifullah and at Baramcha in Chagai, per Home Department "
        "officials)",
        "2025-10-14",
        "https://inp.net.pk/ur/news-detail/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86/"
        "chmn-klaa-sif-all-aor-chaghi-s-pak-afghan-srhd-do-roz-s-bnd",
    ),
    "brecorder_2021_bin_shahi": (
        "Business Recorder",
        "Senate resolution asks govt to set up border crossing in Lower Dir ('in the area of Kharakai and "
        "Shahi Bin Shahi in Lower Dir district')",
        "2021-01-25",
        "https://www.brecorder.com/news/40055727/senate-resolution-asks-govt-to-set-up-border-crossing-in-lower-dir",
    ),
    "tribalpress_gursal": (
        "Tribal Press",
        "Gursal sarhad Kabul aur Jalalabad se Peshawar tak mukhtasar tareen rasta (Urdu: the Gursal border "
        "joining Mohmand district to Nangarhar province has been closed since 2011)",
        f"undated; read {ACCESSED_2}",
        "https://tribalpress.pk/1501/",
    ),
    "dawn_2022_bajaur_routes": (
        "Dawn",
        "Bajaur jirga calls for reopening of border routes ('several routes in Bajaur connecting the "
        "district with Afghanistan through neighbouring Kunar province'; 'Ghakhi Pass, Nawa Pass, Kaga "
        "Pass and Letai Pass')",
        "2022-06-19",
        "https://epaper.dawn.com/DetailImage.php?StoryImage=19_06_2022_181_005",
    ),
    "dawn_2023_nawa": (
        "Dawn",
        "Bajaur jirga demands reopening of Afghanistan border route ('a historical crossing point located "
        "between Afghanistan's Kunar province and Bajaur district's Chamarkand tehsil'; 'closed since 2007')",
        "2023-06-11",
        "https://www.dawn.com/news/1759071/bajaur-jirga-demands-reopening-of-afghanistan-border-route",
    ),
    "flowmap": (
        "OsamaAlkhalifa/AFG_flowmap_test (public GitHub repository; states no source or licence)",
        f"csv-data/inflow_v1.csv at commit {FLOWMAP_COMMIT}: origin points named as IOM DTM's "
        "flow-monitoring points",
        f"undated; read {ACCESSED_2}",
        FLOWMAP_URL,
    ),
}


def cite(key: str) -> str:
    """Return ``Publisher, "Title", date, URL`` for a citation key."""
    publisher, title, date, url = CITE[key]
    return f'{publisher}, "{title}", {date}, {url}'


def secondary(name_in_source: str) -> str:
    """The coordinate citation of a secondary point: the compilation and the primary it reproduces."""
    return (
        f"{cite('flowmap')} (point '{name_in_source}') | reproduces the flow-monitoring points of "
        f"{cite('iom_dtm_2024_09')} (the primary's own coordinates were not reachable)"
    )


# --- the crossings -------------------------------------------------------------
# coord_source / kind_source: citation keys, or for secondary points the text of secondary().
# cited_lat/cited_lon None = no citable position (the row stays, unlocated).
_BASE = dict(pk_province="", pk_district="", af_province="", af_district="", cited_lat=None,
             cited_lon=None, location_precision="", coord_source="", notes="")  # fmt: skip


def _c(**kw: object) -> dict:
    return {**_BASE, **kw}


CROSSINGS = [
    _c(
        crossing_id="torkham", name="Torkham", border="AFG-PAK",
        alt_names="PK: Torkham (gate: Bab-i-Pakistan) | AF: Torkham | IOM DTM: Torkham",
        kind="designated trade crossing", kind_source="aptta",
        pk_province="Khyber Pakhtunkhwa", pk_district="Khyber", af_province="Nangarhar",
        af_district="Momand Dara", cited_lat=34.11472, cited_lon=71.08472, location_precision="crossing",
        coord_source=cite("wp_torkham"),
        notes="IOM DTM's point 'Torkham - Bab-i-Pakistan' in the secondary compilation lies at 34.122641, "
        "71.093202 (71 m from the line); the Wikipedia point is kept (primary source).",
    ),
    _c(
        crossing_id="chaman-spin-boldak", name="Chaman-Spin Boldak", border="AFG-PAK",
        alt_names="PK: Chaman (gate: Bab-e-Dosti, Friendship Gate) | AF: Spin Boldak (Wesh) | "
        "IOM DTM: Spin Boldak",
        kind="designated trade crossing", kind_source="aptta",
        pk_province="Balochistan", pk_district="Chaman", af_province="Kandahar", af_district="Spin Boldak",
        cited_lat=30.955879, cited_lon=66.437425, location_precision="secondary",
        coord_source=secondary("Spin Boldak - Chaman"),
        notes="Secondary point (IOM DTM name), in Spin Boldak district. It replaces a point snapped to the "
        "line from the Wikipedia infobox 30°55′20″N 66°26′41″E (" + CITE["wp_chaman"][3] + "), which lies "
        "3.7 km from the line.",
    ),
    _c(
        crossing_id="angoor-adda", name="Angoor Adda", border="AFG-PAK",
        alt_names="PK: Angoor Adda (post: Bab-i-Waziristan) | AF: Angur Ada | IOM DTM: Angor Ada",
        kind="designated trade crossing", kind_source="news_angoor",
        pk_province="Khyber Pakhtunkhwa", pk_district="South Waziristan", af_province="Paktika",
        af_district="Barmal", cited_lat=32.51556, cited_lon=69.28250, location_precision="town",
        coord_source=cite("wp_angur_ada"),
        notes="Town point: the line crosses the town's bazaar; the gates lie several hundred metres west of "
        "the line (Wikipedia, Angur Ada). The secondary compilation's 'Angor ada' point is 32.519404, "
        "69.272673 (112 m from the line).",
    ),
    _c(
        crossing_id="arandu", name="Arandu", border="AFG-PAK", alt_names="PK: Arandu | AF: (Kunar)",
        kind="trade crossing (listed, not verified)", kind_source="wp_land_crossings",
        pk_province="Khyber Pakhtunkhwa", pk_district="Lower Chitral", af_province="Kunar",
        cited_lat=35.31028, cited_lon=71.54861, location_precision="town", coord_source=cite("wp_arandu"),
        notes="Village point on the Drosh-Jalalabad road. No notification found; current status not "
        "established.",
    ),
    _c(
        crossing_id="ghulam-khan", name="Ghulam Khan", border="AFG-PAK",
        alt_names="PK: Ghulam Khan | AF: Ghulam Khan (Gurbuz) | IOM DTM: Ghulam Khan",
        kind="designated trade crossing", kind_source="aptta",
        pk_province="Khyber Pakhtunkhwa", pk_district="North Waziristan", af_province="Khost",
        af_district="Gurbuz", cited_lat=33.150936, cited_lon=70.029985, location_precision="secondary",
        coord_source=secondary("Ghulam Khan"),
        notes="Secondary point (IOM DTM name), in Gurbuz district as MICT (" + CITE["mict_ghulam_khan"][3]
        + ") places the customs post. Rejected: German Wikipedia's 34°8′N 70°2′45″E (10 km from the line).",
    ),
    _c(
        crossing_id="kharlachi", name="Kharlachi", border="AFG-PAK",
        alt_names="PK: Kharlachi (Kharlachi-Borkai, Kharlachi-Borki) | AF: Dand-e-Patan | IOM DTM: Pathan",
        kind="trade crossing (notified customs station)", kind_source="tns_kharlachi",
        pk_province="Khyber Pakhtunkhwa", pk_district="Kurram", af_province="Paktia",
        af_district="Dand Wa Patan", cited_lat=33.834275, cited_lon=69.943411,
        location_precision="secondary", coord_source=secondary("Pathan"),
        notes="Secondary point named 'Pathan' (IOM DTM's point on the Paktia side), in Dand Patan district, "
        "where Afghanistan International (" + CITE["afintl_kharlachi"][3] + ") places the Kharlachi "
        "crossing. The id dand-e-patan is the same crossing, kept without a point.",
    ),
    _c(
        crossing_id="teri-mangal", name="Teri Mangal", border="AFG-PAK",
        alt_names="PK: Teri Mangal (Tari Mangal, Tiri Mingal) | AF: (Zazi, Paktia)",
        kind="border crossing point (Kurram checkpost)", kind_source="geo_2017_kurram",
        pk_province="Khyber Pakhtunkhwa", pk_district="Kurram", af_province="Paktia", af_district="Zazi",
        cited_lat=33.966667, cited_lon=69.883333, location_precision="town",
        coord_source=cite("wp_tari_mangal"),
        notes="Town point, given to the whole minute (about ±0.9 km), 957 m from the line; Wikipedia puts "
        "the town 23 km from Parachinar and 10 km from Aryob in Zazi district, Afghanistan.",
    ),
    _c(
        crossing_id="shahidano-dand", name="Shahidano Dand", border="AFG-PAK",
        alt_names="PK: Shaheedano Dand",
        kind="border crossing point (Kurram)", kind_source="geo_2017_kurram",
        pk_province="Khyber Pakhtunkhwa", pk_district="Kurram",
        notes="Named only as a place where the border stayed closed in March 2017; no citable position "
        "and no Afghan side found.",
    ),
    _c(
        crossing_id="dand-e-patan", name="Dand-e-Patan (Pathan)", border="AFG-PAK",
        alt_names="AF: Dand-e-Patan, Dand Wa Patan | IOM DTM: Pathan | PK: Kharlachi",
        kind="flow-monitoring point (IOM DTM); Afghan side of Kharlachi", kind_source="iom_dtm_2024_09",
        pk_province="Khyber Pakhtunkhwa", pk_district="Kurram", af_province="Paktia",
        af_district="Dand Wa Patan",
        notes="The Afghan side of the Kharlachi crossing (" + CITE["afintl_kharlachi"][3] + "): its point "
        "is on the kharlachi row, so that the crossing is not counted twice; this id is kept for sources "
        "that name the Afghan side.",
    ),
    _c(
        crossing_id="badini", name="Badini", border="AFG-PAK",
        alt_names="PK: Badini (Badani) | AF: Badinai",
        kind="notified trade crossing (terminal planned; not operational in 2025)",
        kind_source="urdupoint_2021_notified",
        pk_province="Balochistan", pk_district="Killa Saifullah", af_province="Zabul",
        notes="No citable position found (encyclopedias, gazetteers, OSM copies, UN/IOM reports searched; "
        "see scripts/crossings_research.md). Afghan district given as 'Shalazo'/'Shmalzo' by Pajhwok ("
        + CITE["pajhwok_badinai"][3] + "), probably Shamulzayi, not confirmed. The Badinai sub-tehsil of "
        "Killa Saifullah and Shamulzayi share about 40 km of the line, so the district pair alone does not "
        "fix a point. Closed with the other Balochistan crossings in October 2025 (INP, "
        + CITE["inp_2025_badini_baramcha"][2] + "). Notified for trade (Parliamentary Secretary for "
        "Interior, National Assembly, 2021-04-16); a border terminal with a 40 km road is planned (The "
        "Nation, 2024-07-09, " + CITE["nation_badini"][3] + ").",
    ),
    _c(
        crossing_id="nawa-pass", name="Nawa Pass", border="AFG-PAK",
        alt_names="PK: Nawa Pass (Nawa Pas) | AF: Nawapass",
        kind="historic trade route (closed)", kind_source="nation_nawa",
        pk_province="Khyber Pakhtunkhwa", pk_district="Bajaur", af_province="Kunar", af_district="Sarkano",
        cited_lat=34.742012, cited_lon=71.183039, location_precision="crossing",
        coord_source=cite("ucdp_ged_nawa_pass"),
        notes="Position: UCDP GED's point for the place 'Nawa Pass' (where_prec 1, exact). UCDP is a "
        "research dataset, not one of the issue's primary kinds, so the point is taken only because it also "
        "passes the secondary-source checks: 15 m from the line, the nearest Afghan district is Sarkani "
        "(Sarkano, geoBoundaries, 11 m) and the nearest Pakistani tehsil Bar Chamarkand, Bajaur (OCHA, "
        "314 m; the simplified layers leave a seam along the line), as the sources name them. UCDP's "
        "'exact' point for Torkham Border Crossing lies 4.9 km from the line, so its points are never taken "
        "without these checks. Afghan district from the Kunar jirga of Sarkano elders held 'in "
        "Nawapass area' (Pajhwok, 2023-02-22); Pakistani side Chamarkand tehsil, route closed since 2007 "
        "(Dawn, 2023-06-11, " + CITE["dawn_2023_nawa"][3] + "). Pakistan's Interior told the National "
        "Assembly that Nawa Pass was closed in 2007 and is not notified for trade (UrduPoint, 2021-04-16, "
        + CITE["urdupoint_2021_notified"][3] + ").",
    ),
    _c(
        crossing_id="ghakhi", name="Ghakhi Pass", border="AFG-PAK", alt_names="PK: Ghakhi Pas",
        kind="historic trade route (closed)", kind_source="nation_bajaur_jirga",
        pk_province="Khyber Pakhtunkhwa", pk_district="Bajaur", af_province="Kunar",
        notes="No citable position found. Afghan province: Dawn (2022-06-19, "
        + CITE["dawn_2022_bajaur_routes"][3] + ") lists Ghakhi Pass among the Bajaur routes 'connecting the "
        "district with Afghanistan through neighbouring Kunar province'; closed since 2007 (Dawn, "
        "2022-05-19, https://www.dawn.com/news/1690379/bajaur-jirga-calls-for-reopening-of-border-points).",
    ),
    _c(
        crossing_id="gursal", name="Gursal", border="AFG-PAK", alt_names="PK: Gursal (Gorsal)",
        kind="historic trade route (closed)", kind_source="nation_gursal",
        pk_province="Khyber Pakhtunkhwa", pk_district="Mohmand", af_province="Nangarhar",
        notes="No citable position found. Afghan province from Tribal Press (" + CITE["tribalpress_gursal"][3]
        + ": the Gursal border joins Mohmand district to Nangarhar province, closed since 2011); a Mohmand "
        "jirga placed the route (Gosarai/Gursal) in Baizai tehsil (FS Media Network, undated, "
        "https://www.fsmedianetwork.com/latest/36407/). Pakistan's Interior told the National Assembly "
        "that Gorsal was closed in 2009 for security reasons and is not notified for trade (UrduPoint, "
        "2021-04-16, " + CITE["urdupoint_2021_notified"][3] + "); Tribune (2022) says 2011.",
    ),
    _c(
        crossing_id="bin-shahi", name="Bin Shahi", border="AFG-PAK", alt_names="PK: Bin Shahi",
        kind="trade crossing (listed, not verified)", kind_source="wp_land_crossings",
        pk_province="Khyber Pakhtunkhwa", pk_district="Lower Dir", af_province="Kunar",
        notes="Listed by Wikipedia (uncited row: 'Khyber Pakhtunkhwa-Kunar', opened 27.5.2022); Lower Dir "
        "from Business Recorder (" + CITE["brecorder_2021_bin_shahi"][3] + "). Not located: GeoNames' pass "
        "'Binshai Kandao' (geonameid 1114997, 35.04861, 71.54528, 24 m from the line) matches the name only "
        "by transliteration, and OCHA's district layer puts it in Upper Dir, 2.3 km outside Lower Dir.",
    ),
    _c(
        crossing_id="baramcha", name="Baramcha", border="AFG-PAK", alt_names="AF: Bahramcha, Bahram Chah | "
        "IOM DTM: Baramcha",
        kind="flow-monitoring point (IOM DTM)", kind_source="iom_dtm_2024_09", af_province="Helmand",
        pk_province="Balochistan", pk_district="Chagai",
        notes="Unlocated: the secondary compilation's 'Bahramcha' point (29.42026, 64.015136; 678 m from "
        "the line) lies in Reg (Khanshin) district (geoBoundaries ADM2, 2014), not in Dishu, where Wikipedia "
        "places the town; the district check fails. Sources since 2024 name a 'Bahramcha district' (IRIB "
        "News, 2025-08-24, https://www.iribnews.ir/fa/news/5549878; ABNA, 2025-10-14, "
        "https://fa.abna24.com/news/1738472), which the 2014 district layer does not have, so the check "
        "cannot be made against it either. Pakistani side Chagai (INP, " + CITE["inp_2025_badini_baramcha"][2]
        + ", " + CITE["inp_2025_badini_baramcha"][3] + ").",
    ),
    _c(
        crossing_id="nazar-posta", name="Nazar Posta", border="AFG-PAK", alt_names="IOM DTM: Nazar Posta",
        kind="flow-monitoring point (IOM DTM)", kind_source="iom_dtm_2024_09",
        notes="Unlocated: the secondary compilation's point (30.940568, 66.39183; 6 m from the line, in "
        "Spin Boldak district by geoBoundaries) cannot be checked against a district named by a source, "
        "as the issue's rule 2 requires: no source naming its district or province was found (IOM DTM's "
        "reports name it only in lists of crossing points with Pakistan).",
    ),
    # --- Afghanistan-Iran ----------------------------------------------------------------
    _c(
        crossing_id="islam-qala", name="Islam Qala-Dogharoun", border="AFG-IRN",
        alt_names="AF: Islam Qala | IR: Dogharoun (Dowqarun), Taybad | IOM DTM: Islam Qala",
        kind="designated trade crossing (official port of entry)", kind_source="wp_islam_qala",
        af_province="Herat", af_district="Kohsan", cited_lat=34.70799, cited_lon=61.00488,
        location_precision="secondary", coord_source=secondary("Islam Qala - Taybad"),
        notes="Iranian side: Taybad, Razavi Khorasan (pk_* columns are empty on AFG-IRN rows). Secondary "
        "point in Kohsan district; Islam Qala is part of Kohsan district and the crossing lies about 10 km "
        "NW of the town (Wikipedia).",
    ),
    _c(
        crossing_id="milak", name="Milak-Zaranj (Silk Bridge)", border="AFG-IRN",
        alt_names="AF: Zaranj, Silk Bridge (Pul-e Abrisham) | IR: Milak | IOM DTM: Milak",
        kind="trade crossing (bridge)", kind_source="mehr_silk_bridge",
        af_province="Nimroz", af_district="Zaranj", cited_lat=30.96555, cited_lon=61.823383,
        location_precision="secondary", coord_source=secondary("Zaranj - Milak"),
        notes="Iranian side: Milak, Hirmand county, Sistan and Baluchestan (pk_* columns are empty on "
        "AFG-IRN rows). Secondary point in Zaranj district, as the sources place the bridge between "
        "Zaranj and Milak.",
    ),
    _c(
        crossing_id="abu-nasr-farahi", name="Abu Nasr Farahi", border="AFG-IRN",
        alt_names="AF: Abu Nasr Farahi | IOM DTM: Abu Nasr Farahi",
        kind="flow-monitoring point (IOM DTM)", kind_source="iom_dtm_2024_09",
        af_province="Farah", af_district="Pashtun Kot",
        notes="Iranian side: Mahirud, South Khorasan. Unlocated: the secondary compilation's point "
        "(32.165039, 60.873467) lies in Shib Koh (geoBoundaries), not in Pashtun Kot where the port is "
        "'situated ... 132 kilometers west of Farah City' (afghan-bios.info, compiling Pajhwok).",
    ),
]  # fmt: skip

COLUMNS = [
    "crossing_id", "name", "alt_names", "status", "as_of", "kind", "pk_side", "af_side",
    "pk_province", "pk_district", "af_province", "af_district", "lat", "lon", "cited_lat",
    "cited_lon", "location_precision", "distance_to_border_m", "coord_source", "status_source",
    "kind_source", "notes", "source", "border",
]  # fmt: skip


def _side(district: str, province: str) -> str:
    return f"{district}, {province}" if district else province


def _position(c: dict, lines: dict[str, object]) -> tuple[object, object, object, str]:
    """Return lat, lon, distance_to_border_m and a note for one crossing (all "" when unlocated)."""
    from borderkit.geo.geodesy import nearest_point_on_line

    where = c["crossing_id"]
    precision = c["location_precision"]
    assert precision in PRECISIONS, f"{where}: location_precision {precision!r}"
    if c["cited_lat"] is None:
        assert precision == "", f"{where}: unlocated rows have no location_precision"
        assert c["coord_source"] == "", f"{where}: unlocated rows have no coord_source"
        return "", "", "", ""
    assert precision, f"{where}: a position needs its location_precision"
    assert c["coord_source"], f"{where}: a position needs its coord_source"
    line = lines[c["border"]]
    near_lon, near_lat, dist = nearest_point_on_line(line, c["cited_lon"], c["cited_lat"])
    if precision == "snapped":
        lon, lat = near_lon, near_lat
    else:
        assert dist <= MAX_DISTANCE_M, f"{where}: cited point {dist:.0f} m from the line"
        lon, lat = c["cited_lon"], c["cited_lat"]
    lat, lon = round(lat, 6), round(lon, 6)
    on_line = nearest_point_on_line(line, lon, lat)[2]
    note = f" Cited point {dist:,.0f} m from the line." if dist > MAX_DISTANCE_M else ""
    return lat, lon, round(on_line), note


def build() -> tuple[str, dict, str, dict]:
    """Return the crossings CSV text and manifest entry, and the status CSV text and entry."""
    from borderkit.geo.border import load_border

    lines = {b: load_border(tuple(b.split("-"))).geometry.iloc[0] for b in BORDERS}
    ids = [c["crossing_id"] for c in CROSSINGS]
    assert len(set(ids)) == len(ids), "duplicate crossing_id"
    status_text, status_rows = status_data.build_status(set(ids))
    rows = []
    for c in CROSSINGS:
        assert c["border"] in BORDERS, f"{c['crossing_id']}: border {c['border']!r}"
        lat, lon, dist, note = _position(c, lines)
        current = status_data.current_status(status_rows, c["crossing_id"])
        rows.append(
            {
                **c,
                "status": current["status"] if current else "unknown",
                "as_of": current["source_date"] if current else "",
                "status_source": current["citation"] if current else "",
                "pk_side": _side(c["pk_district"], c["pk_province"]),
                "af_side": _side(c["af_district"], c["af_province"]),
                "lat": lat,
                "lon": lon,
                "cited_lat": "" if c["cited_lat"] is None else c["cited_lat"],
                "cited_lon": "" if c["cited_lon"] is None else c["cited_lon"],
                "distance_to_border_m": dist,
                "kind_source": cite(c["kind_source"]),
                "notes": c["notes"] + note,
                "source": "borderkit-crossings",
            }
        )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row[k] for k in COLUMNS})
    text = buf.getvalue()
    located = [r["crossing_id"] for r in rows if r["lat"] != ""]
    unlocated = [r["crossing_id"] for r in rows if r["lat"] == ""]
    entry = {
        "title": "Crossing points of Afghanistan's borders with Pakistan and Iran (curated, cited)",
        "source": {"registry": "curated", "package": "scripts/build_crossings.py", "version": "2"},
        "publisher": "borderkit, from the cited public sources in each row",
        "licence": "CC BY 4.0 (compilation); facts from the cited sources",
        "attribution": "Crossing points: borderkit curation of cited public sources",
        "as_of": max(r["as_of"] for r in rows if r["as_of"]),
        "notes": (
            f"{len(rows)} crossings ({sum(r['border'] == 'AFG-PAK' for r in rows)} AFG-PAK, "
            f"{sum(r['border'] == 'AFG-IRN' for r in rows)} AFG-IRN); each row cites the source of its "
            "position (coord_source), current status (status_source, from crossing_status.csv) and kind "
            f"(kind_source), read {ACCESSED} or {ACCESSED_2}. location_precision: crossing (the source "
            "places the crossing; for nawa-pass a UCDP GED point that also passes the secondary checks), "
            "town (the town at the crossing), snapped (cited point farther than 1 km "
            "from the line; lat/lon the nearest point of the line), secondary (a compilation reproducing "
            "IOM DTM's flow-monitoring points, within 1 km of the line and in the district the sources "
            "name; coord_source names both), empty (no citable position: lat/lon empty). Located: "
            + ", ".join(located)
            + ". Unlocated: "
            + ", ".join(unlocated)
            + ". distance_to_border_m: geodesic, to the row's own border line (bundled). "
            "Research notes: scripts/crossings_research.md."
        ),
    }
    status_entry = {
        "title": "Open/closed history of the crossings (curated, cited)",
        "source": {"registry": "curated", "package": "scripts/build_crossing_status.py", "version": "1"},
        "publisher": "borderkit, from the cited public sources in each row",
        "licence": "CC BY 4.0 (compilation); facts from the cited sources",
        "attribution": "Crossing status history: borderkit curation of cited public sources",
        "as_of": max(r["source_date"] for r in status_rows),
        "notes": (
            f"{len(status_rows)} intervals of {len({r['crossing_id'] for r in status_rows})} crossings: "
            "crossing_id, status (open, closed or a restriction), start (inclusive), end (exclusive; empty "
            "while current), reason, source, source_url, source_date, citation, notes. Days no interval "
            "covers have an unknown status. No end date is invented: a closure whose reopening was not "
            "found covers only the days its source confirms, and an open interval runs from a cited "
            "reopening to the next recorded change (short closures in between may be missing). Research "
            "notes: scripts/crossings_research.md (Status history)."
        ),
    }
    return text, entry, status_text, status_entry


def main() -> None:
    from borderkit._atomic import write_text
    from borderkit.geo._data import record_files

    text, entry, status_text, status_entry = build()
    write_text(OUT, text)
    write_text(STATUS_OUT, status_text)
    files = record_files(DATA, {OUT.name: entry, STATUS_OUT.name: status_entry})["files"]
    print(f"{OUT.relative_to(ROOT)}: {len(CROSSINGS)} crossings, {files[OUT.name]['bytes']:,} bytes")
    print(f"{STATUS_OUT.relative_to(ROOT)}: {files[STATUS_OUT.name]['bytes']:,} bytes")


if __name__ == "__main__":
    main()
