"""Build borderkit/data/crossing_status.csv, the cited open/closed history of each crossing.

One row per interval: ``crossing_id, status, start, end, reason, source,
source_url, source_date, citation, notes`` (schema fixed in the shared
schemas of the session). ``start`` is the first day in that status
(inclusive); ``end`` the first day of the next status (exclusive), empty
while current. Days no interval covers have an unknown status.

Rules followed (see ``scripts/crossings_research.md``, "Status history"):

- every row cites the source its dates come from; a second source, where an
  interval's end comes from another report, is named in the notes;
- no end date is invented. Where a closure's end is not known, the interval
  covers only the days a source confirms (its end is the day after the last
  confirmed day) and the notes say that the reopening date was not found;
- an ``open`` interval starts at a cited reopening and ends at the next change
  recorded here when that is within about a year (its notes say that short
  closures in between may be missing); otherwise it covers only the days its
  source reports;
- citations already in ``scripts/build_timeline.py`` are reused by key.

This module only holds the data and its checks; ``scripts/build_crossings.py``
writes the file (the crossings' current status comes from it). Running this
script runs that one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_timeline import CITE as TIMELINE_CITE  # noqa: E402

ACCESSED = "2026-12-01"

STATUS_COLUMNS = [
    "crossing_id", "status", "start", "end", "reason", "source", "source_url", "source_date",
    "citation", "notes",
]  # fmt: skip

# key: (publisher, title, date of publication, URL read). Timeline keys are reused as they are.
CITE: dict[str, tuple[str, str, str, str]] = {
    **TIMELINE_CITE,
    "urdupoint_2017_chaman_day18": (
        "UrduPoint (APP)",
        "Pak-Afghan border Chaman closed for the 18th day; trade and movement suspended (Urdu)",
        "2017-05-22",
        "https://daily.urdupoint.com/livenews/2017-05-22/news-1051949.html",
    ),
    "unhcr_2020_04_22": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Updates - COVID-19 Response (16 - 22 April 2020) (publication date "
        "not shown; the date given is the end of the week covered)",
        "2020-04-22",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-updates-covid-19-response-16-22-april-2020",
    ),
    "unhcr_2020_05_16": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update - COVID-19 Response (10 - 16 May 2020)",
        "2020-05-19",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-10-16-may-2020",
    ),
    "unhcr_2020_07_11": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update - COVID-19 Response (05 - 11 July 2020)",
        "2020-07-15",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-05-11-july-2020",
    ),
    "unhcr_2020_07_25": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update - COVID-19 Response (19 - 25 July 2020)",
        "2020-07-29",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-19-25-july-2020",
    ),
    "unhcr_2020_09_05": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update - COVID-19 Response (30 August - 5 September 2020) "
        "(publication date not shown; the date given is the end of the week covered)",
        "2020-09-05",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-30-august-5-september-2020",
    ),
    "unhcr_2020_10_31": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update - COVID-19 Response (25 - 31 October 2020)",
        "2020-11-05",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-25-31-october-2020",
    ),
    "unhcr_2021_09_16": (
        "UNHCR (via ReliefWeb)",
        "UNHCR Afghanistan: Official Crossing Points Status Weekly Update - as of 16 September 2021",
        "2021-09-16",
        "https://reliefweb.int/report/afghanistan/unhcr-afghanistan-official-crossing-points-status-weekly-update-16-september-2021",
    ),
    "unhcr_2021_09_29": (
        "UNHCR (via ReliefWeb)",
        "UNHCR Afghanistan: Official Crossing Points Status Weekly Update - as of 29 September 2021",
        "2021-09-29",
        "https://reliefweb.int/report/afghanistan/unhcr-afghanistan-official-crossing-points-status-weekly-update-29-september-2021",
    ),
    "arabnews_2021_unhcr": (
        "Arab News",
        "UNHCR welcomes Pakistan's steps to ease movement at Afghanistan border",
        "2021-10-28",
        "https://www.arabnews.pk/node/1956991/pakistan",
    ),
    "cde_2021_spin_boldak": (
        "CDE News (EPA photo story)",
        "Photo Story - Afghanistan Crisis - Reopening of Pak-Afghan Border at Spin Boldak",
        "2021-11-03",
        "https://cde.news/photo-story-afghanistan-crisis-reopening-of-pak-afghan-border-at-spin-boldak%EF%BF%BC/",
    ),
    "dawn_2023_chaman_escalates": (
        "Dawn",
        "Chaman border protest escalates over passport, visa policy",
        "2023-10-23",
        "https://www.dawn.com/news/1783021",
    ),
    "dawn_2023_chaman_halt": (
        "Dawn",
        "Chaman grinds to a halt amid protests",
        "2023-11-22",
        "https://dawn.com/news/amp/1791378",
    ),
    "mehr_2021_islam_qala": (
        "Mehr News Agency",
        "Afghan gov. vows to retake Islam Qala from Taliban safely",
        "2021-07-24",
        "https://en.mehrnews.com/news/176496/Afghan-gov-vows-to-retake-Islam-Qala-from-Taliban-safely",
    ),
    "mehr_2023_islam_qala": (
        "Mehr News Agency",
        "Taliban rejects reports on closure of Islam Qala as false",
        "2023-05-31",
        "https://en.mehrnews.com/news/201466/Taliban-rejects-reports-on-closure-of-Islam-Qala-as-false",
    ),
    "pktoday_2018_ghulam_khan": (
        "Pakistan Today",
        "Ghulam Khan border opening delayed for indefinite period",
        "2018-03-07",
        "https://www.pakistantoday.com.pk/2018/03/07/ghulam-khan-border-opening-delayed-for-indefinite-period/",
    ),
    "voiceofkp_2023_ghulam_khan": (
        "Voice of Khyber Pakhtunkhwa",
        "Ghulam Khan border crossing",
        "2023-10-04",
        "https://www.voiceofkp.pk/ghulam-khan-border-crossing/",
    ),
    "wesal_2025_ghulam_khan": (
        "Wesal (Pajhwok)",
        "Ghulam Khan route closure causes whopping monetary loss to traders",
        "2025-10-21",
        "https://wesal.info/2025/10/21/ghulam-khan-route-closure-causes-whopping-monetary-loss-to-traders-3",
    ),
    "nation_2017_kharlachi": (
        "The Nation",
        "Pakistan opens another trade route with Afghanistan",
        "2017-06-18",
        "http://nation.com.pk/national/18-Jun-2017/pakistan-opens-another-trade-route-with-afghanistan",
    ),
    "livewire_2017_kharlachi": (
        "Pakistan Livewire",
        "Kharlachi - Borkai crossing is now open",
        "2017-06-20",
        "https://pakistanlivewire.com/Encyc/2017/6/20/Kharlachi---Borkai-crossing-is-now-open!!!!.amp.html",
    ),
    "urdupoint_2022_kharlachi": (
        "UrduPoint",
        "Pak-Afghan Border At Kharlachi Reopened",
        "2022-11-28",
        "https://www.urdupoint.com/en/pakistan/pak-afghan-border-at-kharlachi-reopened-1601270.html",
    ),
    "menafn_2024_kharlachi": (
        "Pajhwok Afghan News (via MENAFN)",
        "Kharlachi Crossing Reopens For Af-Pak Trade",
        "2024-10-02",
        "https://menafn.com/1108738147/Kharlachi-Crossing-Reopens-For-Af-Pak-Trade",
    ),
    "news_2020_angoor": (
        "The News",
        "Pak-Afghan trade via Angoor Adda starts from today",
        "2020-09-23",
        "https://www.thenews.com.pk/print/718842-pak-afghan-trade-via-angoor-adda-starts-from-today",
    ),
    "pajhwok_2023_badinai": (
        "Pajhwok Afghan News",
        "Zabul's Badinai crossing opened for public movement",
        "2023-01-08",
        "https://pajhwok.com/2023/01/08/zabuls-badinai-crossing-opened-for-public-movement/",
    ),
    "dailypk_2025_badini": (
        "Daily Pakistan",
        "Pakistan ready to open Badini border with Afghanistan",
        "2025-10-06",
        "https://en.dailypakistan.com.pk/06-Oct-2025/pakistan-ready-to-open-badini-border-with-afghanistan",
    ),
    "nation_2020_nawa": (
        "The Nation",
        "Bajaur jirga demands reopening of Afghan border",
        "2020-11-07",
        "https://nation.com.pk/07-Nov-2020/bajaur-jirga-demands-reopening-of-afghan-border",
    ),
    "pajhwok_2023_nawapass": (
        "Pajhwok Afghan News",
        "Kunar jirga demands opening of Nawapass crossing",
        "2023-02-22",
        "https://pajhwok.com/2023/02/22/kunar-jirga-demands-opening-of-nawapass-crossing",
    ),
    "nation_2022_bajaur_jirga": (
        "The Nation",
        "Jirga demands reopening of border crossings",
        "2022-05-14",
        "https://nation.com.pk/2022/05/14/jirga-demands-reopening-of-border-crossings/",
    ),
    "urdupoint_2021_notified": (
        "UrduPoint (Pakistan Point News)",
        "Pakistan Has 6 Notified Borders With Afghanistan For Trade: NA Told",
        "2021-04-16",
        "https://www.urdupoint.com/en/pakistan/pakistan-has-6-notified-borders-with-afghanis-1225636.html",
    ),
    "tribune_2022_gursal": (
        "The Express Tribune",
        "War on terror dented Pak-Afghan trade",
        "2022-05-08",
        "https://tribune.com.pk/story/2355636/war-on-terror-dented-pak-afghan-trade",
    ),
    "nation_2023_gursal": (
        "The Nation",
        "Tribals demand reopening of Pak-Afghan Gursal border",
        "2023-10-22",
        "https://www.nation.com.pk/22-Oct-2023/tribals-demand-reopening-of-pak-afghan-gursal-border",
    ),
    "inp_2025_badini_baramcha": (
        "Independent News Pakistan (INP)",
        "Chaman, Qila Saifullah aur Chaghi se Pak-Afghan sarhad do roz se band (Urdu: border closed for two "
        "days at Chaman, the Badini border in Qila Saifullah and Baramcha in Chagai)",
        "2025-10-14",
        "https://inp.net.pk/ur/news-detail/%D9%BE%D8%A7%DA%A9%D8%B3%D8%AA%D8%A7%D9%86/"
        "chmn-klaa-sif-all-aor-chaghi-s-pak-afghan-srhd-do-roz-s-bnd",
    ),
    "dawn_2022_bajaur_points": (
        "Dawn",
        "Bajaur jirga calls for reopening of border points",
        "2022-05-19",
        "https://www.dawn.com/news/1690379/bajaur-jirga-calls-for-reopening-of-border-points",
    ),
    "dawn_2023_nawa": (
        "Dawn",
        "Bajaur jirga demands reopening of Afghanistan border route",
        "2023-06-11",
        "https://www.dawn.com/news/1759071/bajaur-jirga-demands-reopening-of-afghanistan-border-route",
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
    "serat_2023_silk": (
        "Serat News (Tasnim)",
        "Silk Bridge on the Afghanistan border reopened after the clash of Iranian border guards with "
        "Taliban forces (Persian; dated 07 Khordad 1402)",
        "2023-05-28",
        "http://www.seratnews.ir/fa/news/623412/",
    ),
}

# crossing_id, status, start, end ("" = current), reason, citation key, notes; scheduled="yes" marks
# a start that the source announced ahead of its own date (the only starts after a source's date).
STATUS: list[dict[str, str]] = [
    # --- Torkham -----------------------------------------------------------------------
    dict(
        crossing_id="torkham", status="closed", start="2017-02-16", end="2017-03-07",
        reason="security closure after the Sehwan shrine bombing", source="rferl_2017_shrine",
        notes="End: Dawn (2017-03-20) says the crossings were opened on 7 and 8 March.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2017-03-07", end="2017-03-09",
        reason="two-day opening during the closure", source="dawn_2017_reopen",
        notes="'The border crossings were opened on March 7 and 8' (Dawn); closed again from 9 March.",
    ),
    dict(
        crossing_id="torkham", status="closed", start="2017-03-09", end="2017-03-21",
        reason="security closure after the Sehwan shrine bombing", source="dawn_2017_reopen",
        notes="The Prime Minister ordered the reopening on 20 March; the BBC says crossings stayed shut "
        "for much of that day. End: Geo News (2017-03-21), opened at 7 am on Tuesday 21 March.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2017-03-21", end="2017-03-22",
        reason="reopened after 32 days on the Prime Minister's order", source="geo_2017_reopened",
        notes="'Thousands of individuals and cargo vehicles crossed'. Only the day reported is covered: "
        "the next change recorded here is three years later.",
    ),
    dict(
        crossing_id="torkham", status="trade only", start="2020-04-16", end="2020-04-23",
        reason="COVID-19: closed to people; trucks on Mondays, Wednesdays and Fridays",
        source="unhcr_2020_04_22",
        notes="Also open on 19 and 21 April for stranded Pakistanis and some Afghan passport/ID holders. "
        "Only the week of the report is covered.",
    ),
    dict(
        crossing_id="torkham", status="trade only", start="2020-05-01", end="2020-06-22",
        reason="COVID-19: trade five days a week; stranded travellers officially on Saturdays",
        source="unhcr_2020_05_16",
        notes="From 1 May (Government of Pakistan); 'in practice pedestrian traffic has been allowed more "
        "frequently'.",
    ),
    dict(
        crossing_id="torkham", status="trade only", start="2020-06-22", end="2020-07-26",
        reason="COVID-19: trade six days a week; stranded travellers officially on Saturdays",
        source="unhcr_2020_07_25",
        notes="From 22 June (Government of Pakistan); covered to the end of the week of 19-25 July.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2020-10-25", end="2020-11-01",
        reason="regular movements of people", source="unhcr_2020_10_31",
        notes="'Regular population movements continued through Spin Boldak and Torkham'; that week only.",
    ),
    dict(
        crossing_id="torkham", status="closed", start="2023-02-19", end="2023-02-25",
        reason="closed by the Afghan authorities (dispute); gunfire on 20 February",
        source="dna_2023_torkham",
        notes="End: The News (2023-02-26), reopened on Saturday 25 February after six days.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2023-02-25", end="2023-09-06",
        reason="reopened after six days", source="news_2023_torkham",
        notes="Open from the cited reopening; the next change recorded here is 6 September 2023 (short "
        "closures in between may be missing).",
    ),
    dict(
        crossing_id="torkham", status="closed", start="2023-09-06", end="2023-09-15",
        reason="security closure after an exchange of fire", source="tribuneindia_2023_torkham",
        notes="End: The Nation (2023-09-16), reopened on Friday 15 September after 10 days.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2023-09-15", end="2024-01-12",
        reason="reopened to pedestrians and trade after talks", source="nation_2023_torkham",
        notes="From 1 November 2023 entry into Pakistan needed a passport and visa (IFRP). Next change "
        "recorded here: 12 January 2024 (short closures in between may be missing).",
    ),
    dict(
        crossing_id="torkham", status="closed to cargo", start="2024-01-12", end="2024-01-23",
        reason="Afghan cargo trucks stopped over drivers' visas", source="ariana_2024_torkham",
        notes="Closed late on Friday 12 January to trucks from Afghanistan; some reports date the trade "
        "halt 13 January. End: The Nation (2024-01-23).",
    ),
    dict(
        crossing_id="torkham", status="open", start="2024-01-23", end="2025-02-22",
        reason="trade resumed after 10 days", source="nation_2024_torkham",
        notes="Next change recorded here: 22 February 2025. A clash on 12 August 2024 was reported without "
        "a dated source (see the timeline notes); short closures in between may be missing.",
    ),
    dict(
        crossing_id="torkham", status="closed", start="2025-02-22", end="2025-03-19",
        reason="dispute over construction near the border; clash on 3 March", source="dawn_2025_torkham",
        notes="Movement stopped on the night of 21/22 February. End: ARY News (2025-03-19), trade "
        "reopened on 19 March after 25 days (other reports: 27).",
    ),
    dict(
        crossing_id="torkham", status="trade only", start="2025-03-19", end="2025-03-21",
        reason="reopened to trade first", source="ary_2025_torkham",
        notes="ARY News: 'pedestrian movement will also commence from Friday' (21 March), as announced.",
    ),
    dict(
        crossing_id="torkham", status="open", start="2025-03-21", end="2025-10-12",
        reason="pedestrians allowed again (as announced)", source="ary_2025_torkham", scheduled="yes",
        notes="Start is the announced date for pedestrians. Next change recorded here: 12 October 2025 "
        "(short closures in between may be missing).",
    ),
    dict(
        crossing_id="torkham", status="closed", start="2025-10-12", end="2025-11-01",
        reason="security closure after the border clashes of 11/12 October", source="arabnews_2025_closed",
        notes="The Khyber deputy commissioner later dated the closure 11 October. End: Business Recorder "
        "(2025-11-02), returnees only from 1 November.",
    ),
    dict(
        crossing_id="torkham", status="returnees only", start="2025-11-01", end="",
        reason="reopened only for the repatriation of Afghans; trade and pedestrians barred",
        source="brecorder_2025_torkham",
        notes="Current as of the latest source read; no dated report of trade resuming was found.",
    ),
    # --- Chaman-Spin Boldak --------------------------------------------------------------
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2017-02-17", end="2017-03-07",
        reason="security closure after the Sehwan shrine bombing", source="rferl_2017_shrine",
        notes="Closed late on 17 February. End: Dawn (2017-03-20), crossings opened on 7 and 8 March.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2017-03-07", end="2017-03-09",
        reason="two-day opening during the closure", source="dawn_2017_reopen",
        notes="'The border crossings were opened on March 7 and 8' (Dawn); closed again from 9 March.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2017-03-09", end="2017-03-21",
        reason="security closure after the Sehwan shrine bombing", source="dawn_2017_reopen",
        notes="Reopening ordered on 20 March. End: Geo News (2017-03-21), opened on Tuesday 21 March.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2017-03-21", end="2017-05-05",
        reason="reopened after 32 days on the Prime Minister's order", source="geo_2017_reopened",
        notes="Open from the cited reopening; the next change recorded here is 5 May 2017 (short "
        "closures in between may be missing).",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2017-05-05", end="2017-05-23",
        reason="closed indefinitely after the census clash", source="tribune_2017_chaman",
        notes="UrduPoint (APP, 2017-05-22): still closed on the 18th day, trade and pedestrians. The "
        "reopening date was not found: status unknown after 22 May 2017.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2020-03-02", end="2020-03-03",
        reason="public-health closure (COVID-19)", source="samaa_2020_covid",
        notes="Sealed 'for an initial period of seven days'; Samaa later reported 27 days closed. The "
        "reopening date was not found, so only the first day is covered.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="trade only", start="2020-04-16", end="2020-04-23",
        reason="COVID-19: closed to people; trucks on Mondays, Wednesdays and Fridays",
        source="unhcr_2020_04_22",
        notes="'Torkham and Spin Boldak crossing points remain closed as a precautionary measure'; only the "
        "week of the report is covered.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="trade only", start="2020-05-01", end="2020-06-22",
        reason="COVID-19: trade five days a week; stranded travellers officially on Saturdays",
        source="unhcr_2020_05_16",
        notes="From 1 May (Government of Pakistan). UNHCR (17-30 May) adds that Spin Boldak was closed to "
        "pedestrians from 16 May.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="trade only", start="2020-06-22", end="2020-07-26",
        reason="COVID-19: trade six days a week; closed to pedestrians since 6 June",
        source="unhcr_2020_07_25",
        notes="From 22 June (Government of Pakistan); covered to the end of the week of 19-25 July.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2020-08-21", end="2020-09-06",
        reason="open seven days a week for pedestrians and trucks", source="unhcr_2020_09_05",
        notes="'As of 21 August, Spin Boldak crossing point will be open seven days a week'; covered to the "
        "end of the week of 30 August-5 September.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2020-10-25", end="2020-11-01",
        reason="regular movements of people", source="unhcr_2020_10_31",
        notes="'Regular population movements continued through Spin Boldak and Torkham'; that week only.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2021-09-16", end="2021-09-30",
        reason="open 7:30-15:30 to pedestrians and cargo trucks", source="unhcr_2021_09_16",
        notes="The weekly updates as of 16 and 29 September 2021 (" + "https://reliefweb.int/report/"
        "afghanistan/unhcr-afghanistan-official-crossing-points-status-weekly-update-29-september-2021) both "
        "report it open.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2021-10-25", end="2021-10-29",
        reason="closed again after a brief opening on the night of Sunday 24 October",
        source="arabnews_2021_unhcr",
        notes="'Briefly opened on Sunday night ... mainly on medical grounds. As it was closed again'; "
        "covered to the day of the report. Reopened on 2 November (next row).",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2021-11-02", end="2021-11-04",
        reason="reopened after the Taliban had shut it for nearly a month", source="cde_2021_spin_boldak",
        notes="Reopened on 2 November 2021; the start of the closure (about early October) is not dated.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2022-11-13", end="2022-11-21",
        reason="security closure after a shooting at the Friendship Gate", source="dawn_2022_chaman",
        notes="End: Pakistan Today (AP), reopened on Monday 21 November 2022.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="open", start="2022-11-21", end="2023-10-21",
        reason="reopened for trade and pedestrians after talks", source="pktoday_2022_chaman",
        notes="Shelling hit Chaman town on 11 December 2022. Next change recorded here: 21 October 2023 "
        "(short closures in between may be missing).",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="travellers only", start="2023-10-21", end="2023-10-23",
        reason="sit-in against the passport rule blocked the highway to the crossing",
        source="dawn_2023_chaman",
        notes="Trucks disrupted; 'border officials allowed Pakistani and Afghan travellers to cross' on ID "
        "cards (Dawn, 2023-10-23, https://www.dawn.com/news/1783021). Unknown after 22 October.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed to trade", start="2023-11-21", end="2023-11-25",
        reason="sit-in blocked the highway to the Friendship Gate; passport and visa required since 1 Nov",
        source="dawn_2023_chaman_halt",
        notes="Returning Afghans kept crossing. Still suspended on the fourth day, Friday 24 November "
        "(Pajhwok via MENAFN, 2023-11-25). Reports of a months-long closure found are undated.",
    ),
    dict(
        crossing_id="chaman-spin-boldak", status="closed", start="2025-10-12", end="",
        reason="security closure after the border clashes of 11/12 October", source="arabnews_2025_closed",
        notes="Undated reports say Afghan returnees still crossed through the Bab-e-Dosti gate; no dated "
        "report of a reopening to trade was found.",
    ),
    # --- Ghulam Khan ---------------------------------------------------------------------
    dict(
        crossing_id="ghulam-khan", status="closed", start="2014-06-15", end="2018-03-09",
        reason="closed at the start of the military operation Zarb-e-Azb", source="pktoday_2018_ghulam_khan",
        notes="Later opened for the return of displaced people (same source). End: Voice of KP "
        "(2023-10-04): 'On March 9, 2018 Pakistan opened' the crossing for trade.",
    ),
    dict(
        crossing_id="ghulam-khan", status="trade only", start="2020-06-22", end="2020-07-12",
        reason="opened for trade; not yet for pedestrians", source="unhcr_2020_07_11",
        notes="'Ghulam Khan crossing point in Khost province, which was opened on 22 June for trade, has "
        "yet to officially open for pedestrian/passenger traffic'; covered to 11 July 2020.",
    ),
    dict(
        crossing_id="ghulam-khan", status="closed", start="2025-06-28", end="2025-06-30",
        reason="security closure after a suicide attack in North Waziristan", source="bs_2025_ghulam_khan",
        notes="Closed on the evening of 28 June 'for an unspecified period'; the reopening date was not "
        "found (unknown after 29 June).",
    ),
    dict(
        crossing_id="ghulam-khan", status="closed", start="2025-10-12", end="",
        reason="closed with the other crossings after the border clashes", source="wesal_2025_ghulam_khan",
        notes="21 October 2025 was 'the tenth day of the closure, with all types of movement halted'.",
    ),
    # --- Kharlachi -----------------------------------------------------------------------
    dict(
        crossing_id="kharlachi", status="closed", start="2017-02-16", end="2017-06-17",
        reason="all crossings closed after the Sehwan shrine bombing", source="livewire_2017_kharlachi",
        notes="'On February 16 closed all the border crossings ... including the Kharlachi-Borkai'. End: "
        "The Nation (2017-06-18), the Foreign Office opened it for trade on Saturday 17 June.",
    ),
    dict(
        crossing_id="kharlachi", status="trade only", start="2017-06-17", end="2017-06-18",
        reason="opened for trade and transit vehicles only", source="nation_2017_kharlachi",
        notes="Only the day of the announcement is covered; later status not established.",
    ),
    dict(
        crossing_id="kharlachi", status="closed", start="2022-11-14", end="2022-11-28",
        reason="firing incident over road construction", source="urdupoint_2022_kharlachi",
        notes="Reopened on Monday 28 November for bilateral trade and pedestrians after a jirga.",
    ),
    dict(
        crossing_id="kharlachi", status="open", start="2022-11-28", end="2022-11-29",
        reason="reopened for trade and pedestrians", source="urdupoint_2022_kharlachi",
        notes="Only the day of the report is covered; later status not established.",
    ),
    dict(
        crossing_id="kharlachi", status="closed", start="2024-09-21", end="2024-09-30",
        reason="tribal clashes in Kurram closed the route", source="menafn_2024_kharlachi",
        notes="Closed on 21 September and 'stayed shut for nine days at a stretch'; the end is counted "
        "from those nine days.",
    ),
    dict(
        crossing_id="kharlachi", status="closed", start="2025-10-12", end="",
        reason="closed with the other crossings after the border clashes", source="jago_2025_closed",
        notes="Named among the crossings closed on 12 October 2025 with Angoor Adda and Ghulam Khan.",
    ),
    # --- Angoor Adda ---------------------------------------------------------------------
    dict(
        crossing_id="angoor-adda", status="closed", start="2017-03-21", end="2017-03-22",
        reason="not reopened with Torkham and Chaman after the February 2017 closure",
        source="geo_2017_reopened",
        notes="'Authorities have not opened the border in ... South Waziristan's Angor Adda'; only that "
        "day is covered.",
    ),
    dict(
        crossing_id="angoor-adda", status="open", start="2020-09-23", end="2020-09-24",
        reason="bilateral trade started", source="news_2020_angoor",
        notes="Trade started on 23 September 2020; only that day is covered (later status unknown).",
    ),
    dict(
        crossing_id="angoor-adda", status="closed", start="2025-10-12", end="",
        reason="security closure after the border clashes", source="jago_2025_closed",
        notes="Closed with Kharlachi and Ghulam Khan.",
    ),
    # --- Teri Mangal, Shahidano Dand (Kurram) --------------------------------------------
    dict(
        crossing_id="teri-mangal", status="closed", start="2017-03-21", end="2017-03-22",
        reason="not reopened with Torkham and Chaman after the February 2017 closure",
        source="geo_2017_reopened",
        notes="The political administration had no written order to reopen the Kurram crossings; only "
        "that day is covered.",
    ),
    dict(
        crossing_id="shahidano-dand", status="closed", start="2017-03-21", end="2017-03-22",
        reason="not reopened with Torkham and Chaman after the February 2017 closure",
        source="geo_2017_reopened",
        notes="Only that day is covered.",
    ),
    # --- Badini --------------------------------------------------------------------------
    dict(
        crossing_id="badini", status="pedestrians only", start="2023-01-08", end="2023-01-09",
        reason="opened for public movement four days a week (150 people a day from each side)",
        source="pajhwok_2023_badinai",
        notes="Only the day of the report is covered; a later closure by Pakistani guards is reported "
        "without a date.",
    ),
    dict(
        crossing_id="badini", status="closed", start="2025-10-06", end="2025-10-07",
        reason="terminal not operational pending road works", source="dailypk_2025_badini",
        notes="A parliamentary committee was told Pakistan was ready to open it once the road is "
        "improved; only the day of the report is covered.",
    ),
    dict(
        crossing_id="badini", status="closed", start="2025-10-14", end="2025-10-15",
        reason="border closed after the clashes of 11-12 October 2025", source="inp_2025_badini_baramcha",
        notes="Home Department officials: the border at the Badini border in Qila Saifullah had been "
        "closed for two days; only the day of the report is covered.",
    ),
    # --- Baramcha ------------------------------------------------------------------------
    dict(
        crossing_id="baramcha", status="closed", start="2025-10-14", end="2025-10-15",
        reason="border closed after the clashes of 11-12 October 2025", source="inp_2025_badini_baramcha",
        notes="Home Department officials: the border at Baramcha in Chagai had been closed for two days, "
        "and Afghan returnees were waiting at it; only the day of the report is covered.",
    ),
    # --- Nawa Pass, Ghakhi, Gursal (closed routes) ---------------------------------------
    dict(
        crossing_id="nawa-pass", status="closed", start="2020-11-07", end="2020-11-08",
        reason="closed route; a Bajaur jirga demanded its reopening", source="nation_2020_nawa",
        notes="Only the day of the report is covered. Jirgas reported by Dawn (2022-05-19, 2023-06-11) "
        "say the route has been closed since 2007.",
    ),
    dict(
        crossing_id="nawa-pass", status="closed", start="2021-04-16", end="2021-04-17",
        reason="closed in 2007 for security reasons; not notified for trade (Interior, National Assembly)",
        source="urdupoint_2021_notified",
        notes="Parliamentary Secretary for Interior answering a calling-attention notice on Nawa Pass and "
        "Gorsal; only that day is covered.",
    ),
    dict(
        crossing_id="nawa-pass", status="closed", start="2022-05-13", end="2022-05-14",
        reason="closed route; a Bajaur jirga demanded its reopening", source="nation_2022_bajaur_jirga",
        notes="Jirga held on Friday 13 May 2022; only that day is covered.",
    ),
    dict(
        crossing_id="nawa-pass", status="closed", start="2022-05-18", end="2022-05-19",
        reason="closed since 2007 over security reasons (jirga)", source="dawn_2022_bajaur_points",
        notes="Jirga held on Wednesday 18 May 2022 in Nawagai: 'Nawa Pass, Ghakhi Pass and Lati Pass had "
        "been closed since 2007'; only that day is covered.",
    ),
    dict(
        crossing_id="nawa-pass", status="closed", start="2023-02-22", end="2023-02-23",
        reason="closed route; a Kunar jirga demanded its reopening", source="pajhwok_2023_nawapass",
        notes="Only the day of the report is covered.",
    ),
    dict(
        crossing_id="nawa-pass", status="closed", start="2023-06-10", end="2023-06-11",
        reason="closed since 2007 over security issues (jirga)", source="dawn_2023_nawa",
        notes="Jirga held on Saturday 10 June 2023 in Chinar, Charmang valley; only that day is covered.",
    ),
    dict(
        crossing_id="ghakhi", status="closed", start="2022-05-13", end="2022-05-14",
        reason="closed route; a Bajaur jirga demanded its reopening", source="nation_2022_bajaur_jirga",
        notes="Jirga held on Friday 13 May 2022 named Ghakhi, Nawa and Lethai passes; only that day is "
        "covered.",
    ),
    dict(
        crossing_id="ghakhi", status="closed", start="2022-05-18", end="2022-05-19",
        reason="closed since 2007 over security reasons (jirga)", source="dawn_2022_bajaur_points",
        notes="Jirga held on Wednesday 18 May 2022 in Nawagai; only that day is covered.",
    ),
    dict(
        crossing_id="gursal", status="closed", start="2021-04-16", end="2021-04-17",
        reason="closed in 2009 for security reasons; not notified for trade (Interior, National Assembly)",
        source="urdupoint_2021_notified",
        notes="Parliamentary Secretary for Interior on Nawa Pass and Gorsal; only that day is covered. "
        "Tribune (2022) and Tribal Press give 2011 as the closing year.",
    ),
    dict(
        crossing_id="gursal", status="closed", start="2022-05-08", end="2022-05-09",
        reason="trade route closed since 2011 (source)", source="tribune_2022_gursal",
        notes="Only the day of the report is covered; The Nation (2023-10-22) says 'closed for the past "
        "13 years', so the closing year is uncertain.",
    ),
    dict(
        crossing_id="gursal", status="closed", start="2023-10-22", end="2023-10-23",
        reason="closed route; tribesmen demanded its reopening", source="nation_2023_gursal",
        notes="Only the day of the report is covered.",
    ),
    # --- Afghanistan-Iran: Islam Qala, Abu Nasr Farahi -----------------------------------
    dict(
        crossing_id="islam-qala", status="closed", start="2021-07-08", end="2021-07-13",
        reason="Taliban seized the customs post; Iran halted cargo", source="iranwire_2021_islam_qala",
        notes="Iran's customs told merchants on Thursday 8 July to stop sending cargo 'until further "
        "notice'. Still closed on 12 July (Trend/IRNA, https://en.trend.az/iran/politics/3453602.html).",
    ),
    dict(
        crossing_id="islam-qala", status="closed", start="2021-07-19", end="2021-07-24",
        reason="five-day closure for Eid al-Adha", source="mehr_2021_islam_qala",
        notes="'Today, Saturday, after a five-day closure, the border was reopened at 7:00 AM'.",
    ),
    dict(
        crossing_id="islam-qala", status="open", start="2021-07-24", end="2021-07-25",
        reason="reopened after the Eid closure", source="mehr_2021_islam_qala",
        notes="Only the day reported is covered.",
    ),
    dict(
        crossing_id="islam-qala", status="open", start="2023-05-31", end="2023-06-01",
        reason="operating normally (reports of a closure denied)", source="mehr_2023_islam_qala",
        notes="Herat customs and Taliban officials said the crossing was open for passengers and goods "
        "after the Nimroz clash; only that day is covered.",
    ),
    dict(
        crossing_id="abu-nasr-farahi", status="closed", start="2021-07-08", end="2021-07-09",
        reason="Taliban seized the customs post (Mahiroud on the Iranian side); Iran halted cargo",
        source="iranwire_2021_islam_qala",
        notes="Only the day of the seizure is covered; the reopening date was not found in a dated source.",
    ),
    # --- Afghanistan-Iran: Milak / Silk Bridge -------------------------------------------
    dict(
        crossing_id="milak", status="open", start="2021-07-09", end="2021-07-10",
        reason="the only Iran-Afghanistan customs crossing in service", source="iranwire_2021_islam_qala",
        notes="'The only one currently in service is on the Milek border'; only that day is covered.",
    ),
    dict(
        crossing_id="milak", status="closed", start="2022-07-02", end="2022-07-06",
        reason="closed after shooting between Iranian and Afghan border guards",
        source="swn_2022_silk_closed",
        notes="Closed 'for more than a week' on 2 July (start earlier, not dated). End: SWN (Dari), "
        "opened temporarily on Wednesday 15 Saratan 1401 (6 July 2022).",
    ),
    dict(
        crossing_id="milak", status="open", start="2022-07-06", end="2022-07-07",
        reason="temporarily reopened to travellers and transit vehicles", source="swn_2022_silk_open",
        notes="Only the day of the report is covered.",
    ),
    dict(
        crossing_id="milak", status="closed", start="2023-05-27", end="2023-05-28",
        reason="closed by Iran after a clash between Iranian border guards and Taliban forces",
        source="iranintl_2023_clash",
        notes="Closed 'until further notice' (IRNA). End: Serat News (2023-05-28), exchanges resumed at "
        "the Milak terminal (Hirmand county) after one day.",
    ),
    dict(
        crossing_id="milak", status="open", start="2023-05-28", end="2023-05-29",
        reason="reopened after one day", source="serat_2023_silk",
        notes="Only the day of the report is covered.",
    ),
]  # fmt: skip


def cite(key: str) -> str:
    """Return ``Publisher, "Title", YYYY-MM-DD, URL`` for a citation key."""
    publisher, title, date, url = CITE[key]
    return f'{publisher}, "{title}", {date}, {url}'


def build_status(crossing_ids: set[str]) -> tuple[str, list[dict[str, str]]]:
    """Check the intervals and return the CSV text and its rows.

    Parameters
    ----------
    crossing_ids : set of str
        The ids of ``crossings.csv``; every interval must name one.

    Returns
    -------
    tuple
        The CSV text and the list of rows (dicts of ``STATUS_COLUMNS``),
        sorted by crossing id then start.
    """
    rows: list[dict[str, str]] = []
    for s in STATUS:
        where = f"{s['crossing_id']} {s['start']}"
        assert s["crossing_id"] in crossing_ids, f"{where}: unknown crossing_id"
        assert s["status"], f"{where}: status needed"
        assert s["status"] == s["status"].lower(), f"{where}: status must be lower case"
        start = dt.date.fromisoformat(s["start"])
        if s["end"]:
            assert dt.date.fromisoformat(s["end"]) > start, f"{where}: end must be after start"
        publisher, _title, date, url = CITE[s["source"]]
        published = dt.date.fromisoformat(date)
        if not s.get("scheduled"):  # an announced start may come after its source's date
            assert start <= published, f"{where}: interval starts after its source's date {date}"
        assert url.startswith(("http://", "https://")), f"{where}: bad URL"
        for field in ("reason", "notes"):
            assert "\n" not in s[field], f"{where}: {field} must be one line"
            assert len(s[field]) <= 220, f"{where}: {field} must be short"
        rows.append(
            {
                "crossing_id": s["crossing_id"],
                "status": s["status"],
                "start": s["start"],
                "end": s["end"],
                "reason": s["reason"],
                "source": publisher,
                "source_url": url,
                "source_date": date,
                "citation": cite(s["source"]),
                "notes": s["notes"],
            }
        )
    rows.sort(key=lambda r: (r["crossing_id"], r["start"]))
    for a, b in itertools.pairwise(rows):
        if a["crossing_id"] == b["crossing_id"]:
            assert a["end"], f"{a['crossing_id']} {a['start']}: open-ended interval is not the last"
            overlap = f"{a['crossing_id']}: {a['start']}-{a['end']} overlaps {b['start']}"
            assert a["end"] <= b["start"], overlap
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=STATUS_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue(), rows


def current_status(rows: list[dict[str, str]], crossing_id: str) -> dict[str, str] | None:
    """Return the open-ended (current) interval of a crossing, or None."""
    current = [r for r in rows if r["crossing_id"] == crossing_id and not r["end"]]
    return current[0] if current else None


if __name__ == "__main__":
    import build_crossings

    build_crossings.main()
