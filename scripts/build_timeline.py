"""Build borderkit/data/border_timeline.csv, the curated, cited border timeline.

The key events of the Afghanistan-Pakistan border, 2017-2025: closures and
reopenings of crossings, clashes, the deadlines of Pakistan's Illegal
Foreigners Repatriation Plan (IFRP), fence milestones, and ceasefire
agreements. Every row carries the citation of the source its date comes
from (publisher, title, date, URL). Nothing is estimated: a row whose date or
place no source gives is left out and listed in ``LEFT_OUT`` (written to the
manifest notes). The research behind this file, with a short excerpt of the
source for each row, is in ``scripts/timeline_research.md``.

Coordinates: only rows at a bundled crossing get a point, and the point is
the crossing's own ``lat``/``lon`` from ``borderkit/data/crossings.csv``
(cited there, see that row's ``coord_source``, repeated in this file's
``coord_source`` column). Every other row (a district, a town with no
citable coordinate, a crossing that is not bundled, or a national event such
as a deportation deadline) has empty ``lat``/``lon``; a loader gives such rows
an empty geometry.

Conventions:

- ``date`` is ISO ``YYYY-MM-DD``. ``date_precision`` is ``day`` (the source
  gives the day, directly or as a weekday next to a dated report), ``month``
  (only the month is known; the day is written as 01) or ``year`` (day and
  month written as 01-01).
- For statements (fence progress figures, deadlines announced), ``date`` is
  the day the statement was made when the source gives it.
- ``fatalities`` is filled only when the cited source gives a number: the sum
  of the dead each side reported on its own side (or among civilians on its
  side). Claims of the other side's losses are not counted; the notes say
  what the number is made of.
- ``place_precision``: ``crossing`` (at a named crossing), ``town`` (a town
  or villages), ``district``, ``province``, ``national`` (the whole border, or
  several places, or no place on the border).

Run ``python scripts/build_timeline.py`` after ``scripts/build_crossings.py``
(it takes the crossing points from crossings.csv and measures against the
bundled border line). Deterministic: same input, same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "borderkit" / "data"
OUT = DATA / "border_timeline.csv"
CROSSINGS = DATA / "crossings.csv"
ACCESSED = "2026-11-25"
MAX_CROSSING_DISTANCE_M = 5_000.0

EVENT_TYPES = ("closure", "reopening", "clash", "deportation", "fence", "agreement")
DATE_PRECISIONS = ("day", "month", "year")
PLACE_PRECISIONS = ("crossing", "town", "district", "province", "national")

# --- citations ---------------------------------------------------------------
# key: (publisher, title, date of publication, URL read). Titles marked in
# scripts/timeline_research.md as "title from URL" were not shown in the stored
# copy and are taken from the article's URL slug.
CITE: dict[str, tuple[str, str, str, str]] = {
    "rferl_2017_shrine": (
        "Radio Free Europe/Radio Liberty (via Refworld)",
        "Pakistan shuts another border crossing after shrine massacre",
        "2017-02-18",
        "https://webarchive.archive.unhcr.org/20230519000728mp_/https://www.refworld.org/country,,RFERL,,AFG,,5975a5664,0.html",
    ),
    "dawn_2017_reopen": (
        "Dawn",
        "Nawaz orders immediate reopening of Pak-Afghan border",
        "2017-03-20",
        "https://www.dawn.com/news/1321704/nawaz-issues-orders-to-immediately-reopen-pak-afghan-border",
    ),
    "nation_2017_fence": (
        "The Nation",
        "Pakistan expedites fencing Afghan border",
        "2017-07-03",
        "http://nation.com.pk/national/03-Jul-2017/pakistan-expedites-fencing-afghan-border",
    ),
    "tribune_2017_chaman": (
        "The Express Tribune",
        "10 killed in Afghan attack on Chaman",
        "2017-05-05",
        "https://tribune.com.pk/story/1401727/civilian-killed-17-injured-afghan-forces-fire-checkposts-chaman/",
    ),
    "news_2017_ispr": (
        "The News",
        "Fencing of Pak-Afghan border commenced: ISPR",
        "2017-06-20",
        "https://www.thenews.com.pk/latest/211827-Fencing-of-Pak-Afghan-border-commenced-ISPR",
    ),
    "news_2018_fence": (
        "The News",
        "802-km Pak-Afghan border fencing completed: ISPR",
        "2018-12-16",
        "https://www.thenews.com.pk/print/406689-802-km-pak-afghan-border-fencing-completed-ispr",
    ),
    "samaa_2020_covid": (
        "Samaa TV",
        "Pak-Afghan Chaman Border sealed over coronavirus fears",
        "2020-03-02",
        "https://www.samaa.tv/news/pakistan/2020/03/pak-afghan-chaman-border-sealed-over-coronavirus-fears/",
    ),
    "brecorder_2020_fence": (
        "Business Recorder",
        "Pak-Afghan border fencing to be completed within next two months: ISPR",
        "2020-12-05",
        "https://www.brecorder.com/news/40037731/pak-afghan-border-fencing-to-be-completed-within-next-two-months-ispr",
    ),
    "pktoday_2021_fence": (
        "Pakistan Today",
        "Fencing of border with Afghanistan 90pc complete: authorities",
        "2021-08-04",
        "https://www.pakistantoday.com.pk/2021/08/04/fencing-of-border-with-afghanistan-90pc-complete-authorities/",
    ),
    "dawn_2021_fence": (
        "Dawn (Reuters)",
        "Taliban stop Pakistani troops from fencing border",
        "2021-12-23",
        "https://www.dawn.com/news/1665245/taliban-stop-pakistani-troops-from-fencing-border",
    ),
    "dailypk_2022_fence": (
        "Daily Pakistan",
        "Pakistan Army vows to make border management system with Afghanistan more effective",
        "2022-01-05",
        "https://en.dailypakistan.com.pk/05-Jan-2022/pakistan-army-vows-to-make-border-management-system-with-afghanistan-more-effective",
    ),
    "dawn_2022_chaman": (
        "Dawn",
        "Trade suspended at Chaman border after deadly shooting",
        "2022-11-14",
        "https://www.dawn.com/news/1720798/trade-suspended-at-chaman-border-after-deadly-shooting",
    ),
    "pktoday_2022_chaman": (
        "Pakistan Today (AP)",
        "Pakistan reopens Chaman border with Afghanistan shut over shooting",
        "2022-11-21",
        "https://www.pakistantoday.com.pk/2022/11/21/pakistan-reopens-chaman-border-with-afghanistan-shut-over-shooting/",
    ),
    "khaleej_2022_chaman": (
        "Khaleej Times (AP)",
        "Pakistani army: Afghan forces shell border town, killing six",
        "2022-12-11",
        "https://www.khaleejtimes.com/world/asia/pakistani-army-afghan-forces-shell-border-town-killing-six",
    ),
    "dna_2023_torkham": (
        "DNA News",
        "Pakistan, Afghanistan troops exchange fire at Torkham border crossing",
        "2023-02-20",
        "https://dnanews.com.pk/pakistan-afghanistan-troops-exchange-fire-at-torkham-border-crossing/",
    ),
    "news_2023_torkham": (
        "The News",
        "Torkham border reopens after six days",
        "2023-02-26",
        "https://www.thenews.com.pk/print/1044363-torkham-border-reopens-after-six-days",
    ),
    "pktoday_2023_torkham": (
        "Pakistan Today",
        "Torkham border shuts after Pakistan-Afghanistan skirmish",
        "2023-09-06",
        "https://www.pakistantoday.com.pk/2023/09/06/torkham-border-shuts-after-pakistan-afghanistan-skirmish/",
    ),
    "tribuneindia_2023_torkham": (
        "The Tribune (India) (AP)",
        "Pakistan shuts key border crossing with Afghanistan after guards exchange fire",
        "2023-09-06",
        "https://www.tribuneindia.com/news/world/pakistan-shuts-key-border-crossing-with-afghanistan-after-guards-exchange-fire-541916",
    ),
    "nation_2023_torkham": (
        "The Nation",
        "Torkham border reopens after closure of 10 days",
        "2023-09-16",
        "https://www.nation.com.pk/16-Sep-2023/torkham-border-reopens-after-closure-of-10-days",
    ),
    "newsguru_2023_ifrp": (
        "News Guru",
        "Government Establishes November 1 Deadline for illegal Immigrants to Depart Pakistan",
        "2023-10-03",
        "https://newsguru.pk/government-establishes-november-1-deadline-for-illegal-immigrants-to-depart-pakistan/",
    ),
    "dawn_2023_chaman": (
        "Dawn",
        "Sit-in at Chaman over new border rules",
        "2023-10-22",
        "https://www.dawn.com/news/1782788/sit-in-at-chaman-over-new-border-rules",
    ),
    "tribuneindia_2023_ifrp": (
        "The Tribune (India) (PTI)",
        "1.65 lakh Afghans left Pak since deportation order: officials",
        "2023-11-03",
        "https://www.tribuneindia.com/news/world/1-65-lakh-afghans-left-pak-since-deportation-order-officials-559026",
    ),
    "ariana_2024_torkham": (
        "Ariana News",
        "Pakistan shuts Torkham crossing for cargo trucks over visa issues",
        "2024-01-13",
        "https://www.ariananews.af/pakistan-shuts-torkham-crossing-for-cargo-trucks-over-visa-issues/amp/",
    ),
    "nation_2024_torkham": (
        "The Nation",
        "Trade activities resume at Torkham border",
        "2024-01-23",
        "https://www.nation.com.pk/23-Jan-2024/trade-activities-resume-at-torkham-border",
    ),
    "jang_2024_por": (
        "Jang (English)",
        "Good news for registered Afghan refugees in Pakistan: 'One-year extension'",
        "2024-07-11",
        "https://jang.com.pk/en/15769-good-news-for-registered-afghan-refugees-in-pakistan-one-year-extension-news",
    ),
    "dawn_2025_torkham": (
        "Dawn",
        "Cross-border movement via Torkham suspended",
        "2025-02-23",
        "https://www.dawn.com/news/1893677/cross-border-movement-via-torkham-suspended",
    ),
    "aljazeera_2025_torkham": (
        "Al Jazeera",
        "Pakistani and Afghan forces clash at vital border crossing",
        "2025-03-03",
        "https://www.aljazeera.com/news/2025/3/3/pakistani-and-afghan-forces-clash-at-vital-border-crossing",
    ),
    "nation_2025_acc": (
        "The Nation",
        "Afghan Card holders advised to leave Pakistan by March 31",
        "2025-03-07",
        "https://www.nation.com.pk/07-Mar-2025/afghan-card-holders-advised-to-leave-pakistan-by-march-31",
    ),
    "ary_2025_torkham": (
        "ARY News",
        "Torkham border to reopen today after 25 days",
        "2025-03-19",
        "https://arynews.tv/torkham-border-pak-afghan-border-to-reopen-today-after-25-days/",
    ),
    "bs_2025_ghulam_khan": (
        "Business Standard (PTI)",
        "Pakistan closes key border crossing with Afghanistan amid security threats",
        "2025-06-29",
        "https://www.business-standard.com/amp/external-affairs-defence-security/news/pakistan-closes-key-border-crossing-with-afghanistan-amid-security-threats-125062900482_1.html",
    ),
    "kabulnow_2025_por": (
        "KabulNow",
        "Uncertainty Looms as Deadline Expires for Over 1.4 Million Afghan PoR Cardholders in Pakistan",
        "2025-06-30",
        "https://kabulnow.com/2025/06/uncertainty-looms-as-deadline-expires-for-over-1-4-million-afghan-por-cardholders-in-pakistan/",
    ),
    "tnn_2025_por": (
        "Tribal News Network (via MENAFN)",
        "Pakistan Extends Repatriation Deadline For Afghan Residents",
        "2025-08-06",
        "https://menafn.com/1109894807/Pakistan-Extends-Repatriation-Deadline-For-Afghan-Residents",
    ),
    "businesslive_2025_clashes": (
        "BusinessLIVE (Reuters)",
        "Deadly border clashes leave dozens dead as Pakistan-Afghanistan tensions erupt",
        "2025-10-12",
        "https://www.businesslive.co.za/bd/world/asia/2025-10-12-deadly-border-clashes-leave-dozens-dead-as-pakistanafghanistan-tensions-erupt/",
    ),
    "arabnews_2025_closed": (
        "Arab News (AFP)",
        "Pakistan-Afghan border crossings closed after heavy clashes",
        "2025-10-12",
        "https://www.arabnews.com/node/2618607/pakistan",
    ),
    "jago_2025_closed": (
        "Jago News 24",
        "Pakistan closes border crossings with Afghanistan",
        "2025-10-12",
        "https://www.jagonews24.com/en/international/news/86307",
    ),
    "ians_2025_spin_boldak": (
        "IANS",
        "Afghan Taliban claims 48-hour ceasefire reached with Pakistan at Islamabad's request",
        "2025-10-15",
        "https://ianslive.in/afghan-taliban-claims-48-hour-ceasefire-reached-with-pakistan-at-islamabads-request--20251015193736",
    ),
    "indiatv_2025_ceasefire": (
        "India TV News",
        "Pakistan announces 48-hour ceasefire with Afghanistan after dozens killed in border clashes",
        "2025-10-15",
        "https://www.indiatvnews.com/news/world/pakistan-announces-48-hour-ceasefire-with-afghanistan-after-dozens-killed-in-border-clashes-after-dozen-killed-in-border-clashes-latest-updates-2025-10-15-1012932",
    ),
    "rferl_2025_doha": (
        "Radio Free Europe/Radio Liberty (via GlobalSecurity.org)",
        "Pakistan, Afghanistan Agree To Immediate Cease-Fire During Talks In Doha",
        "2025-10-19",
        "http://www.globalsecurity.org/military/library/news/2025/10/mil-251019-rferl01.htm",
    ),
    "indiatoday_2025_istanbul": (
        "India Today",
        "Pakistan, Afghanistan to continue ceasefire, says Turkey after Istanbul talks",
        "2025-10-31",
        "https://www.indiatoday.in/world/story/pakistan-afghanistan-to-resume-peace-talks-in-istanbul-after-dialogue-deadlock-2811095-2025-10-31",
    ),
    "brecorder_2025_torkham": (
        "Business Recorder",
        "Torkham border reopens only for repatriation of Afghan families",
        "2025-11-02",
        "https://www.brecorder.com/news/40390476/torkham-border-reopens-only-for-repatriation-of-afghan-families",
    ),
    "geo_2017_reopened": (
        "Geo News",
        "Pak-Afghan border reopens after 32 days",
        "2017-03-21",
        "https://www.geo.tv/latest/135032-Pak-Afghan-border-reopens-at-PMs-behest",
    ),
    # --- Afghanistan-Iran border (rows marked "(Afghanistan-Iran border)" in location) ---
    "iranwire_2021_islam_qala": (
        "IranWire",
        "Two Afghanistan-Iran Border Crossings Fall to the Taliban",
        "2021-07-09",
        "https://iranwire.com/en/features/69895/",
    ),
    "swn_2022_silk_closed": (
        "Salam Watandar (SWN)",
        "Border tensions with Iran leaves traders and transporters in Nimroz concerned",
        "2022-07-02",
        "https://swn.af/en/2022/07/02/border-tensions-with-iran-leaves-traders-and-transporters-in-nimroz-concerned/",
    ),
    "swn_2022_silk_open": (
        "Salam Watandar (SWN)",
        "Silk Bridge crossing temporarily opened (Dari news item on the tag page 'Silk Bridge crossing', "
        "dated Wednesday 15 Saratan 1401)",
        "2022-07-06",
        "https://swn.af/tag/%DA%AF%D8%B0%D8%B1%DA%AF%D8%A7%D9%87-%D9%BE%D9%8F%D9%84-%D8%A7%D8%A8%D8%B1%DB%8C%D8%B4%D9%85/",
    ),
    "iranintl_2023_clash": (
        "Iran International",
        "At Least Three Killed In Clash Between Iran and The Taliban",
        "2023-05-27",
        "https://www.iranintl.com/en/202305276741",
    ),
    "serat_2023_silk": (
        "Serat News (Tasnim)",
        "Silk Bridge on the Afghanistan border reopened after the clash of Iranian border guards with "
        "Taliban forces (Persian; dated 07 Khordad 1402)",
        "2023-05-28",
        "http://www.seratnews.ir/fa/news/623412/",
    ),
    "lokmat_2025_iran_deadline": (
        "Lokmat Times (ANI, citing Al Jazeera)",
        "Iran orders millions of Afghans to leave country or face arrest as deadline ends",
        "2025-07-06",
        "https://www.lokmattimes.com/international/iran-orders-millions-of-afghans-to-leave-country-or-face-arrest-as-deadline-ends/",
    ),
    "ariana_2025_iran_second_deadline": (
        "Ariana News",
        "Iran to fine Afghan refugees staying past deadline",
        "2025-09-05",
        "https://www.ariananews.af/iran-to-fine-afghan-refugees-staying-past-deadline/",
    ),
}


def cite(key: str) -> str:
    """Return ``Publisher, "Title", YYYY-MM-DD, URL`` for a citation key."""
    publisher, title, date, url = CITE[key]
    return f'{publisher}, "{title}", {date}, {url}'


# --- the events ----------------------------------------------------------------
# crossing: a crossing_id of borderkit/data/crossings.csv (the row takes that
# crossing's point), or "" (no point). notes: one line, in our words.
# scheduled=True: a deadline the source announced ahead of its date (the only
# rows whose date may be later than their source's).
PK = "Pakistan"
AF = "Afghanistan (Taliban authorities)"
EVENTS: list[dict] = [
    # 2017 ------------------------------------------------------------------
    dict(
        slug="torkham-closed-after-sehwan-attack",
        date="2017-02-16",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Pakistan shut Torkham hours after the 16 February suicide bombing of the Sehwan shrine.",
        source="rferl_2017_shrine",
    ),
    dict(
        slug="chaman-closed-after-sehwan-attack",
        date="2017-02-17",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Pakistan shut the Chaman crossing late on 17 February, a day after Torkham.",
        source="rferl_2017_shrine",
    ),
    dict(
        slug="fence-work-begins",
        date="2017-03-01",
        date_precision="month",
        event_type="fence",
        sub_type="construction begins",
        actors="Pakistan Army",
        fatalities=None,
        location="Bajaur and Mohmand agencies (first phase)",
        crossing="",
        place_precision="district",
        notes="Pakistan began fencing the border in March 2017, starting with high-infiltration areas.",
        source="nation_2017_fence",
    ),
    dict(
        slug="crossings-reopening-ordered",
        date="2017-03-20",
        date_precision="day",
        event_type="reopening",
        sub_type="reopening ordered",
        actors="Prime Minister of Pakistan",
        fatalities=None,
        location="Torkham and Chaman crossings",
        crossing="",
        place_precision="national",
        notes="PM Nawaz Sharif ordered the crossings closed since the Sehwan attack reopened "
        "(they had opened only on 7-8 March for stranded travellers).",
        source="dawn_2017_reopen",
    ),
    dict(
        slug="torkham-chaman-reopened",
        date="2017-03-21",
        date_precision="day",
        event_type="reopening",
        sub_type="full reopening",
        actors=PK,
        fatalities=None,
        location="Torkham and Chaman crossings",
        crossing="",
        place_precision="crossing",
        notes="Torkham and Chaman opened at 7 am after 32 days; Kurram crossings, Ghulam Khan and Angoor "
        "Adda stayed closed.",
        source="geo_2017_reopened",
    ),
    dict(
        slug="chaman-census-clash",
        date="2017-05-05",
        date_precision="day",
        event_type="clash",
        sub_type="cross-border fire",
        actors="Afghan Border Police; Pakistan Frontier Corps",
        fatalities=10,
        location="Killi Luqman and Killi Jahangir, Chaman",
        crossing="",
        place_precision="town",
        notes="Afghan border police fired on troops guarding a Pakistani census team in divided villages; "
        "at least 10 killed on the Pakistani side (Tribune).",
        source="tribune_2017_chaman",
    ),
    dict(
        slug="chaman-closed-after-census-clash",
        date="2017-05-05",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Pakistan closed the Chaman crossing indefinitely after the census clash.",
        source="tribune_2017_chaman",
    ),
    dict(
        slug="fence-phased-fencing-commenced",
        date="2017-06-20",
        date_precision="day",
        event_type="fence",
        sub_type="phased fencing announced",
        actors="Pakistan Army (ISPR)",
        fatalities=None,
        location="whole border; phase 1 in Bajaur, Mohmand and Khyber agencies",
        crossing="",
        place_precision="national",
        notes="ISPR said phased fencing of the entire border had commenced; Balochistan in phase 2.",
        source="news_2017_ispr",
    ),
    # 2018-2021 -------------------------------------------------------------
    dict(
        slug="fence-802-km-complete",
        date="2018-12-15",
        date_precision="day",
        event_type="fence",
        sub_type="progress claim",
        actors="Pakistan Army (ISPR)",
        fatalities=None,
        location="whole border",
        crossing="",
        place_precision="national",
        notes="DG ISPR: fence done on 802 of 1,200 km of priority areas; whole border due by December 2019.",
        source="news_2018_fence",
    ),
    dict(
        slug="chaman-closed-covid",
        date="2020-03-02",
        date_precision="day",
        event_type="closure",
        sub_type="public-health closure (COVID-19)",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Pakistan sealed the Chaman crossing for an initial seven days over coronavirus fears.",
        source="samaa_2020_covid",
    ),
    dict(
        slug="fence-83-percent-reported",
        date="2020-12-05",
        date_precision="day",
        event_type="fence",
        sub_type="progress claim (date of report)",
        actors="Pakistan Army (ISPR)",
        fatalities=None,
        location="whole border",
        crossing="",
        place_precision="national",
        notes="ISPR told VOA about 83% of the border was fenced and the rest due within two months; "
        "date is that of the report.",
        source="brecorder_2020_fence",
    ),
    dict(
        slug="fence-90-percent-claimed",
        date="2021-08-03",
        date_precision="day",
        event_type="fence",
        sub_type="progress claim",
        actors="Pakistan Frontier Corps",
        fatalities=None,
        location="whole border (briefing at Torkham)",
        crossing="",
        place_precision="national",
        notes="A Frontier Corps officer told foreign media more than 90% of the fence was complete.",
        source="pktoday_2021_fence",
    ),
    dict(
        slug="fence-stopped-in-nangarhar",
        date="2021-12-19",
        date_precision="day",
        event_type="fence",
        sub_type="fencing obstructed",
        actors=f"{AF}; Pakistan Army",
        fatalities=None,
        location="Nangarhar province (Afghan side)",
        crossing="",
        place_precision="province",
        notes="Taliban forces stopped Pakistani troops erecting fence in Nangarhar and seized wire.",
        source="dawn_2021_fence",
    ),
    dict(
        slug="fence-94-percent-claimed",
        date="2022-01-05",
        date_precision="day",
        event_type="fence",
        sub_type="progress claim",
        actors="Pakistan Army (ISPR)",
        fatalities=None,
        location="whole border",
        crossing="",
        place_precision="national",
        notes="DG ISPR: 94% of the fence on the Afghan border was complete.",
        source="dailypk_2022_fence",
    ),
    # 2022 ------------------------------------------------------------------
    dict(
        slug="chaman-friendship-gate-shooting",
        date="2022-11-13",
        date_precision="day",
        event_type="clash",
        sub_type="shooting and exchange of fire",
        actors=f"{AF}; Pakistan Frontier Corps",
        fatalities=1,
        location="Friendship Gate, Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="A gunman from the Afghan side killed a Pakistani soldier at the gate; fatalities 1 = that "
        "soldier (unconfirmed reports of 5 Afghan dead not counted).",
        source="dawn_2022_chaman",
    ),
    dict(
        slug="chaman-closed-after-shooting",
        date="2022-11-13",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Pakistan closed the Chaman crossing indefinitely after the shooting; trade suspended.",
        source="dawn_2022_chaman",
    ),
    dict(
        slug="chaman-reopened-after-shooting",
        date="2022-11-21",
        date_precision="day",
        event_type="reopening",
        sub_type="full reopening",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Chaman reopened for trade and pedestrians after talks with Taliban officials.",
        source="pktoday_2022_chaman",
    ),
    dict(
        slug="chaman-shelling",
        date="2022-12-11",
        date_precision="day",
        event_type="clash",
        sub_type="artillery and mortar fire",
        actors=f"{AF}; Pakistan Army",
        fatalities=7,
        location="Chaman",
        crossing="",
        place_precision="town",
        notes="Afghan forces shelled Chaman; fatalities 7 = 6 civilians (Pakistan army) + 1 Taliban "
        "fighter (Kandahar governor's spokesman).",
        source="khaleej_2022_chaman",
    ),
    # 2023 ------------------------------------------------------------------
    dict(
        slug="torkham-closed-by-taliban",
        date="2023-02-19",
        date_precision="day",
        event_type="closure",
        sub_type="closed by Afghan authorities",
        actors=AF,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Taliban authorities closed Torkham to trade and travellers; gunfire reported on 20 February.",
        source="dna_2023_torkham",
    ),
    dict(
        slug="torkham-reopened",
        date="2023-02-25",
        date_precision="day",
        event_type="reopening",
        sub_type="full reopening",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham reopened to traffic after six days; more than 5,000 trucks had been stranded.",
        source="news_2023_torkham",
    ),
    dict(
        slug="torkham-clash",
        date="2023-09-06",
        date_precision="day",
        event_type="clash",
        sub_type="exchange of fire",
        actors=f"{AF}; Pakistani security forces",
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Afghan and Pakistani forces exchanged fire at Torkham; no casualties in first reports.",
        source="pktoday_2023_torkham",
    ),
    dict(
        slug="torkham-closed-after-clash",
        date="2023-09-06",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Pakistan closed Torkham after the exchange of fire.",
        source="tribuneindia_2023_torkham",
    ),
    dict(
        slug="torkham-reopened-after-clash",
        date="2023-09-15",
        date_precision="day",
        event_type="reopening",
        sub_type="full reopening",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham reopened to pedestrians and trade after a 10-day closure and talks.",
        source="nation_2023_torkham",
    ),
    dict(
        slug="ifrp-announced",
        date="2023-10-03",
        date_precision="day",
        event_type="deportation",
        sub_type="IFRP announced (deadline 1 Nov 2023)",
        actors="Government of Pakistan (caretaker)",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="Interior minister Bugti told illegal foreigners to leave by 1 November or be deported; "
        "passport and visa needed to enter from then.",
        source="newsguru_2023_ifrp",
    ),
    dict(
        slug="chaman-sit-in-against-passport-rule",
        date="2023-10-21",
        date_precision="day",
        event_type="closure",
        sub_type="protest blockade of the highway (crossing open)",
        actors="Chaman traders and political parties",
        fatalities=None,
        location="Chaman-Kandahar highway, Chaman",
        crossing="",
        place_precision="town",
        notes="Protesters began a sit-in blocking the highway to the crossing against the passport-and-visa "
        "rule due on 1 November.",
        source="dawn_2023_chaman",
    ),
    dict(
        slug="ifrp-deadline",
        date="2023-11-01",
        date_precision="day",
        event_type="deportation",
        sub_type="IFRP deadline; plan takes effect",
        actors="Government of Pakistan (caretaker)",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="The repatriation plan for people without valid documents came into effect on the deadline.",
        source="tribuneindia_2023_ifrp",
    ),
    # 2024 ------------------------------------------------------------------
    dict(
        slug="torkham-closed-driver-visas",
        date="2024-01-12",
        date_precision="day",
        event_type="closure",
        sub_type="closure to cargo over driver visas",
        actors=f"{PK}; {AF}",
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Pakistan stopped Afghan cargo trucks whose drivers lacked visas (late Friday; some reports "
        "date the trade halt 13 January).",
        source="ariana_2024_torkham",
    ),
    dict(
        slug="torkham-reopened-driver-visas",
        date="2024-01-23",
        date_precision="day",
        event_type="reopening",
        sub_type="reopening for trade",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham reopened after 10 days; Afghan drivers given until 31 March to get documents.",
        source="nation_2024_torkham",
    ),
    dict(
        slug="por-cards-extended",
        date="2024-07-10",
        date_precision="day",
        event_type="deportation",
        sub_type="PoR card validity extended to 30 Jun 2025",
        actors="Federal Cabinet of Pakistan",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="The cabinet extended the PoR cards of 1.45 million registered Afghans to 30 June 2025.",
        source="jang_2024_por",
    ),
    # 2025 ------------------------------------------------------------------
    dict(
        slug="torkham-closed-post-dispute",
        date="2025-02-22",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=f"{PK}; {AF}",
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Crossings at Torkham stopped on the night of 21/22 February in a dispute over construction "
        "near the border.",
        source="dawn_2025_torkham",
    ),
    dict(
        slug="torkham-clash",
        date="2025-03-03",
        date_precision="day",
        event_type="clash",
        sub_type="exchange of fire",
        actors=f"{AF}; Pakistani security forces",
        fatalities=1,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Overnight fire at the closed crossing; fatalities 1 = an Afghan security force member "
        "(Afghan interior ministry).",
        source="aljazeera_2025_torkham",
    ),
    dict(
        slug="torkham-reopened-cargo",
        date="2025-03-19",
        date_precision="day",
        event_type="reopening",
        sub_type="reopening for trade (pedestrians from 21 Mar)",
        actors=f"{PK}; {AF}",
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham reopened to trade after about 25 days, after a flag meeting; pedestrians from Friday.",
        source="ary_2025_torkham",
    ),
    dict(
        slug="ifrp-acc-deadline",
        scheduled=True,
        date="2025-03-31",
        date_precision="day",
        event_type="deportation",
        sub_type="IFRP phase 2 deadline (ACC holders)",
        actors="Government of Pakistan",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="Afghan Citizen Card holders told on 7 March to leave by 31 March; deportation from 1 April.",
        source="nation_2025_acc",
    ),
    dict(
        slug="ghulam-khan-closed",
        date="2025-06-28",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Ghulam Khan crossing (North Waziristan / Khost)",
        crossing="",
        place_precision="crossing",
        notes="Pakistan shut Ghulam Khan after a suicide attack in North Waziristan (no bundled coordinate).",
        source="bs_2025_ghulam_khan",
    ),
    dict(
        slug="por-cards-expire",
        date="2025-06-30",
        date_precision="day",
        event_type="deportation",
        sub_type="PoR card validity ends",
        actors="Government of Pakistan",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="PoR cards of over 1.4 million registered Afghans expired with no extension approved.",
        source="kabulnow_2025_por",
    ),
    dict(
        slug="ifrp-por-deadline",
        scheduled=True,
        date="2025-09-01",
        date_precision="day",
        event_type="deportation",
        sub_type="IFRP deadline (PoR holders)",
        actors="Government of Pakistan",
        fatalities=None,
        location="Pakistan",
        crossing="",
        place_precision="national",
        notes="After a 31 July decision that PoR holders must leave, they were given until 1 September 2025.",
        source="tnn_2025_por",
    ),
    dict(
        slug="border-clashes",
        date="2025-10-11",
        date_precision="day",
        event_type="clash",
        sub_type="cross-border attacks and strikes",
        actors=f"{AF}; Pakistan Army",
        fatalities=32,
        location="several points along the border (night of 11/12 October)",
        crossing="",
        place_precision="national",
        notes="Heaviest clashes since 2021; fatalities 32 = 23 Pakistani soldiers (Pakistan military) + "
        "9 Afghan (Taliban); each claimed far more enemy dead.",
        source="businesslive_2025_clashes",
    ),
    dict(
        slug="torkham-closed-after-clashes",
        date="2025-10-12",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham closed after the overnight clashes (the Khyber deputy commissioner later dated it "
        "11 October).",
        source="arabnews_2025_closed",
    ),
    dict(
        slug="chaman-closed-after-clashes",
        date="2025-10-12",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Chaman-Spin Boldak crossing",
        crossing="chaman-spin-boldak",
        place_precision="crossing",
        notes="Chaman closed after the overnight clashes.",
        source="arabnews_2025_closed",
    ),
    dict(
        slug="angoor-adda-closed-after-clashes",
        date="2025-10-12",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors=PK,
        fatalities=None,
        location="Angoor Adda crossing",
        crossing="angoor-adda",
        place_precision="crossing",
        notes="Angoor Adda closed with the smaller Kharlachi and Ghulam Khan crossings (these two have no "
        "bundled coordinate).",
        source="jago_2025_closed",
    ),
    dict(
        slug="spin-boldak-clash",
        date="2025-10-15",
        date_precision="day",
        event_type="clash",
        sub_type="cross-border fire",
        actors=f"{AF}; Pakistan Army",
        fatalities=None,
        location="Spin Boldak district, Kandahar",
        crossing="",
        place_precision="district",
        notes="Fighting in Spin Boldak; the Taliban said more than 12 civilians killed (no exact count, "
        "so fatalities left empty).",
        source="ians_2025_spin_boldak",
    ),
    dict(
        slug="48-hour-ceasefire",
        date="2025-10-15",
        date_precision="day",
        event_type="agreement",
        sub_type="temporary ceasefire (48 hours)",
        actors=f"{PK}; {AF}",
        fatalities=None,
        location="whole border",
        crossing="",
        place_precision="national",
        notes="A 48-hour ceasefire from 6 pm PKT, each side saying the other asked for it.",
        source="indiatv_2025_ceasefire",
    ),
    dict(
        slug="doha-ceasefire",
        date="2025-10-19",
        date_precision="day",
        event_type="agreement",
        sub_type="ceasefire agreed in talks (Doha)",
        actors=f"{PK}; {AF}; Qatar; Turkey",
        fatalities=None,
        location="whole border (talks in Doha, Qatar)",
        crossing="",
        place_precision="national",
        notes="Qatar announced an immediate ceasefire agreed at talks mediated by Qatar and Turkey.",
        source="rferl_2025_doha",
    ),
    dict(
        slug="istanbul-ceasefire-continues",
        date="2025-10-30",
        date_precision="day",
        event_type="agreement",
        sub_type="ceasefire extended (Istanbul talks)",
        actors=f"{PK}; {AF}; Turkey; Qatar",
        fatalities=None,
        location="whole border (talks in Istanbul, Turkey)",
        crossing="",
        place_precision="national",
        notes="After talks of 25-30 October, Turkey said both sides would keep the ceasefire and set up "
        "monitoring.",
        source="indiatoday_2025_istanbul",
    ),
    dict(
        slug="torkham-reopened-for-returnees",
        date="2025-11-01",
        date_precision="day",
        event_type="reopening",
        sub_type="partial reopening (returnees only)",
        actors=PK,
        fatalities=None,
        location="Torkham crossing",
        crossing="torkham",
        place_precision="crossing",
        notes="Torkham reopened only for Afghans being repatriated; trade and pedestrians still barred.",
        source="brecorder_2025_torkham",
    ),
    # Afghanistan-Iran border ------------------------------------------------
    # No point: the AFG-IRN line and its crossings' distances are not bundled yet, and a row's
    # point must lie near the bundled (AFG-PAK) line. Location names the AFG-IRN border.
    dict(
        slug="afg-irn-islam-qala-abu-nasr-farahi-seized",
        date="2021-07-08",
        date_precision="day",
        event_type="closure",
        sub_type="trade halted after the Taliban seized the crossings",
        actors="Afghanistan (Taliban); Iran",
        fatalities=None,
        location="Islam Qala and Abu Nasr Farahi crossings (Afghanistan-Iran border)",
        crossing="",
        place_precision="crossing",
        notes="AFG-IRN: the Taliban took both customs posts within hours; Iran told merchants to stop "
        "cargo to Dogharoun and Mahiroud 'until further notice'; Milak stayed in service.",
        source="iranwire_2021_islam_qala",
    ),
    dict(
        slug="afg-irn-silk-bridge-closed-after-shooting",
        date="2022-06-01",
        date_precision="month",
        event_type="closure",
        sub_type="security closure",
        actors="Iran; Afghanistan (Taliban authorities)",
        fatalities=None,
        location="Silk Bridge, Milak-Zaranj crossing (Afghanistan-Iran border)",
        crossing="",
        place_precision="crossing",
        notes="AFG-IRN: closed to people and goods after shooting between border guards; on 2 July closed "
        "'for more than a week', so from June 2022 (day not given).",
        source="swn_2022_silk_closed",
    ),
    dict(
        slug="afg-irn-silk-bridge-reopened",
        date="2022-07-06",
        date_precision="day",
        event_type="reopening",
        sub_type="temporary reopening",
        actors="Iran; Afghanistan (Taliban authorities)",
        fatalities=None,
        location="Silk Bridge, Milak-Zaranj crossing (Afghanistan-Iran border)",
        crossing="",
        place_precision="crossing",
        notes="AFG-IRN: the Nimroz press office said the crossing opened temporarily to travellers and "
        "transit vehicles on Wednesday 15 Saratan 1401.",
        source="swn_2022_silk_open",
    ),
    dict(
        slug="afg-irn-nimroz-border-clash",
        date="2023-05-27",
        date_precision="day",
        event_type="clash",
        sub_type="exchange of fire (water dispute)",
        actors="Iranian border guards; Afghanistan (Taliban authorities)",
        fatalities=3,
        location="Sasoli border post area, Nimroz (Afghanistan-Iran border)",
        crossing="",
        place_precision="province",
        notes="AFG-IRN: amid the Helmand water dispute; fatalities 3 = 2 Iranian border guards (IRNA) + 1 "
        "Taliban fighter (Taliban said one dead on each side).",
        source="iranintl_2023_clash",
    ),
    dict(
        slug="afg-irn-milak-closed-after-clash",
        date="2023-05-27",
        date_precision="day",
        event_type="closure",
        sub_type="security closure",
        actors="Iran",
        fatalities=None,
        location="Milak-Zaranj crossing (Afghanistan-Iran border)",
        crossing="",
        place_precision="crossing",
        notes="AFG-IRN: Iran closed the Milak-Zaranj post 'until further notice' after the clash (IRNA); it "
        "was not the site of the clash.",
        source="iranintl_2023_clash",
    ),
    dict(
        slug="afg-irn-milak-reopened",
        date="2023-05-28",
        date_precision="day",
        event_type="reopening",
        sub_type="full reopening",
        actors="Iran",
        fatalities=None,
        location="Milak terminal, Hirmand county (Afghanistan-Iran border)",
        crossing="",
        place_precision="crossing",
        notes="AFG-IRN: exchanges at the Milak terminal ('Silk Bridge') resumed after one day.",
        source="serat_2023_silk",
    ),
    dict(
        slug="afg-irn-mass-return-june-2025",
        date="2025-06-01",
        date_precision="month",
        event_type="deportation",
        sub_type="mass return period",
        actors="Government of Iran",
        fatalities=None,
        location="Iran (Afghanistan-Iran border)",
        crossing="",
        place_precision="national",
        notes="AFG-IRN: more than 230,000 Afghans left Iran in June 2025 (IOM), over 700,000 since the "
        "March order; up to 30,000 a day during the war with Israel (UNHCR).",
        source="lokmat_2025_iran_deadline",
    ),
    dict(
        slug="afg-irn-iran-deadline-undocumented",
        date="2025-07-06",
        date_precision="day",
        event_type="deportation",
        sub_type="deadline for undocumented Afghans to leave Iran",
        actors="Government of Iran",
        fatalities=None,
        location="Iran (Afghanistan-Iran border)",
        crossing="",
        place_precision="national",
        notes="AFG-IRN: deadline set in March 2025 for Afghans without legal residency to leave or face "
        "arrest and expulsion.",
        source="lokmat_2025_iran_deadline",
    ),
    dict(
        slug="afg-irn-iran-second-deadline",
        date="2025-09-06",
        date_precision="day",
        event_type="deportation",
        sub_type="second deadline (fines for illegal stay)",
        actors="Government of Iran",
        fatalities=None,
        location="Iran (Afghanistan-Iran border)",
        crossing="",
        place_precision="national",
        notes="AFG-IRN: undocumented Afghans still in Iran after 6 September to be fined for illegal stay.",
        source="ariana_2025_iran_second_deadline",
        scheduled=True,
    ),
]

# Events searched for but left out, and why (written to the manifest notes).
LEFT_OUT = {
    "Fence completion": "no source found that dates a completion of the fence; the last dated figure "
    "found is 94% (DG ISPR, 5 January 2022)",
    "Fence 88% (Sheikh Rashid, National Assembly)": "the copies read carry no reliable date",
    "Chaman sit-in end (agreement of 21 July, probably 2024)": "the source (TOLOnews) gives the day but "
    "not the year",
    "Torkham clash of 12 August 2024 (3 Afghan civilians killed)": "no copy with a publication year was "
    "found",
    "Torkham/Chaman reopening of 7-8 March 2017": "kept only as a note of the 20 March 2017 row",
    "Torkham gunfire of 20 February 2023": "disputed (the Taliban denied clashes); kept as a note of the "
    "19 February 2023 closure",
    "Kharlachi and Ghulam Khan closures of 12 October 2025": "noted in the Angoor Adda row: no bundled "
    "coordinate",
    "IFRP announcement of 7 March 2025 (ACC holders)": "kept as a note of the 31 March 2025 deadline row",
    "PoR decision of 31 July 2025": "kept as a note of the 1 September 2025 deadline row",
    "December 2024 Pakistani air strikes in Paktika and Afghan retaliation": "not researched to the "
    "standard of this file",
    "Reopening of Chaman after March 2020, and of Torkham/Chaman to trade after October 2025": "no dated "
    "source found",
}

COLUMNS = [
    "event_id", "date", "date_precision", "event_type", "sub_type", "actors", "fatalities", "location",
    "lat", "lon", "place_precision", "notes", "source_dataset", "source_url", "citation", "coord_source",
]  # fmt: skip

_ID = re.compile(r"^timeline-\d{8}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def _crossings() -> dict[str, dict[str, str]]:
    with CROSSINGS.open(encoding="utf-8", newline="") as fh:
        return {row["crossing_id"]: row for row in csv.DictReader(fh)}


def _check_date(text: str, precision: str, where: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    assert day.isoformat() == text, f"{where}: date {text!r} is not YYYY-MM-DD"
    if precision == "month":
        assert day.day == 1, f"{where}: month precision needs day 01"
    if precision == "year":
        assert (day.month, day.day) == (1, 1), f"{where}: year precision needs -01-01"
    return day


def build() -> tuple[str, dict]:
    """Validate the events and return the CSV text and its manifest entry."""
    from borderkit.geo.border import load_border
    from borderkit.geo.geodesy import nearest_point_on_line

    line = load_border().geometry.iloc[0]
    crossings = _crossings()
    for key, (publisher, title, date, url) in CITE.items():
        assert publisher, f"citation {key}: publisher needed"
        assert title, f"citation {key}: title needed"
        dt.date.fromisoformat(date)
        assert url.startswith(("http://", "https://")), f"citation {key}: bad URL {url!r}"
    used = {e["source"] for e in EVENTS}
    assert used == set(CITE), f"unused or missing citations: {sorted(used ^ set(CITE))}"

    rows = []
    for e in EVENTS:
        where = f"{e['date']} {e['slug']}"
        assert e["event_type"] in EVENT_TYPES, f"{where}: event_type {e['event_type']!r}"
        assert e["date_precision"] in DATE_PRECISIONS, f"{where}: date_precision"
        assert e["place_precision"] in PLACE_PRECISIONS, f"{where}: place_precision"
        day = _check_date(e["date"], e["date_precision"], where)
        published = dt.date.fromisoformat(CITE[e["source"]][2])
        if not e.get("scheduled"):
            assert day <= published, f"{where}: event after its source's date {published}"
        assert e["fatalities"] is None or (isinstance(e["fatalities"], int) and e["fatalities"] >= 0)
        assert "\n" not in e["notes"], f"{where}: notes must be one line"
        assert len(e["notes"]) <= 200, f"{where}: notes must be short"
        lat = lon = coord_source = ""
        if e["crossing"]:
            assert e["place_precision"] == "crossing", f"{where}: a crossing point needs crossing precision"
            c = crossings[e["crossing"]]
            lat, lon = float(c["lat"]), float(c["lon"])
            dist = nearest_point_on_line(line, lon, lat)[2]
            assert dist <= MAX_CROSSING_DISTANCE_M, f"{where}: point {dist:.0f} m from the border line"
            coord_source = (
                f"borderkit/data/crossings.csv crossing_id={c['crossing_id']} "
                f"(location_precision {c['location_precision']}); {c['coord_source']}"
            )
        event_id = f"timeline-{day:%Y%m%d}-{e['slug']}"
        assert _ID.match(event_id), f"{where}: bad event_id {event_id!r}"
        rows.append(
            {
                "event_id": event_id,
                "date": e["date"],
                "date_precision": e["date_precision"],
                "event_type": e["event_type"],
                "sub_type": e["sub_type"],
                "actors": e["actors"],
                "fatalities": "" if e["fatalities"] is None else str(e["fatalities"]),
                "location": e["location"],
                "lat": lat,
                "lon": lon,
                "place_precision": e["place_precision"],
                "notes": e["notes"],
                "source_dataset": "borderkit timeline",
                "source_url": CITE[e["source"]][3],
                "citation": cite(e["source"]),
                "coord_source": coord_source,
            }
        )
    ids = [r["event_id"] for r in rows]
    assert len(set(ids)) == len(ids), "duplicate event_id"
    rows.sort(key=lambda r: (r["date"], r["event_id"]))

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = buf.getvalue()
    left_out = "; ".join(f"{k}: {v}" for k, v in LEFT_OUT.items())
    entry = {
        "title": "Timeline of the Afghanistan-Pakistan border, 2017-2025, with Afghanistan-Iran rows "
        "(curated, cited)",
        "source": {"registry": "curated", "package": "scripts/build_timeline.py", "version": "1"},
        "publisher": "borderkit, from the cited public sources in each row",
        "licence": "CC BY 4.0 (compilation); facts from the cited sources",
        "attribution": "Border timeline: borderkit curation of cited public sources",
        "as_of": max(r["date"] for r in rows),
        "notes": (
            f"{len(rows)} events (closures, reopenings, clashes, deportation deadlines of Pakistan's "
            "Illegal Foreigners Repatriation Plan, fence milestones, agreements), each with the citation "
            f"(publisher, title, date, URL) of the source its date comes from, read {ACCESSED} as stored "
            "copies. date_precision: day, month (day written 01) or year. place_precision: crossing, town, "
            "district, province, national. lat/lon only for rows at a bundled crossing, taken from "
            "crossings.csv (cited in coord_source); other rows have none and load with an empty geometry. "
            "fatalities only where the source gives a number (each side's own reported dead; see notes). "
            "Rows about the Afghanistan-Iran border say so in location ('(Afghanistan-Iran border)'), start "
            "their notes with 'AFG-IRN:' and their event_id slug with 'afg-irn-'; they carry no point. "
            "Left out: " + left_out + ". Research notes with excerpts: scripts/timeline_research.md."
        ),
    }
    return text, entry


def main() -> None:
    from borderkit.geo._data import record_files

    text, entry = build()
    OUT.write_text(text, encoding="utf-8")
    entry = record_files(DATA, {OUT.name: entry})["files"][OUT.name]
    print(f"{OUT.relative_to(ROOT)}: {len(EVENTS)} events, {entry['bytes']:,} bytes")


if __name__ == "__main__":
    main()
