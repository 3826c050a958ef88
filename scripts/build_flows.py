"""Build borderkit/data/flows.csv and borderkit/data/stocks.csv: cited counts of Afghan returns and refugees.

``flows.csv`` holds one row per count of people who crossed from Pakistan (or,
for a few national figures, from anywhere; for a few rows, from Iran) into
Afghanistan in a period:
returns by crossing (Torkham, Chaman-Spin Boldak) by fortnight, month or
quarter, and national totals by year or since the Illegal Foreigners'
Repatriation Plan (IFRP). ``stocks.csv`` holds one row per population figure
at a date: registered Afghan refugees (Proof of Registration card holders) in
Pakistan, nationally and by province.

Every row carries the citation of the report its figure was read from
(publisher, title, date, URL). Nothing is estimated, derived or interpolated:
a figure the report says "more than" or "nearly" is kept as written with
``precision = rounded``; a period no report covers has no row. What was
searched and what could not be found is in ``scripts/flows_research.md``.

Periods of rows overlap on purpose (a quarter and the fortnight inside it; a
cumulative count since 15 September 2023 and the month of October): each row
is what its report says. The analysis functions of
:mod:`borderkit.geo.displacement` keep the finest rows of each series and set
the coarser ones aside, with a warning, so nothing is counted twice.

``TOTALS`` lists totals stated by the cited reports; the build checks that the
rows it writes add up to them (and ``tests/test_flows_data.py`` checks again).

Run ``python scripts/build_flows.py``. Deterministic: same input, same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "borderkit" / "data"
FLOWS = DATA / "flows.csv"
STOCKS = DATA / "stocks.csv"
ACCESSED = "2026-12-01"

FLOW_COLUMNS = [
    "period_start",
    "period_end",
    "crossing_id",
    "from_country",
    "to_country",
    "origin_province",
    "origin_district",
    "destination_province",
    "destination_district",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "as_of",
    "citation",
    "notes",
]
STOCK_COLUMNS = [
    "date",
    "country",
    "province",
    "district",
    "population_type",
    "count",
    "precision",
    "source",
    "source_url",
    "citation",
    "notes",
]
POPULATION_TYPES = ("assisted refugee return", "undocumented return", "deportation", "all returns", "other")
STOCK_TYPES = ("refugees", "PoR card holders", "ACC holders", "undocumented", "other")
PRECISIONS = ("exact", "rounded", "estimate")
CROSSINGS = ("torkham", "chaman-spin-boldak", "angoor-adda", "kharlachi", "islam-qala", "milak", "")

# --- citations ---------------------------------------------------------------
# key: (publisher, title, date of publication, URL read). Where a stored copy is
# a repost (a mirror or an aggregator), the URL is the copy read and the notes
# of the rows say whose report it reproduces.
CITE: dict[str, tuple[str, str, str, str]] = {
    "iom_q2_2023": (
        "Dawn (reporting IOM DTM Pakistan)",
        "25,000 Afghans returned home in three months: IOM",
        "2023-07-20",
        "https://www.dawn.com/news/1765749/25000-afghans-returned-home-in-three-months-iom",
    ),
    "iom_jul2_2023": (
        "IOM Displacement Tracking Matrix (DTM Pakistan)",
        "Pakistan — Flow Monitoring of Undocumented Afghan Returnees from Pakistan (16 - 31 July 2023)",
        "2023-07-31",
        "https://dtm.iom.int/es/node/27156",
    ),
    "iom_q3_2023": (
        "IOM Displacement Tracking Matrix (DTM Pakistan)",
        "Pakistan — Quarterly Flow Monitoring of Afghan Returnees from Pakistan (July - September 2023)",
        "2023-09-30",
        "https://dtm.iom.int/fr/node/30261",
    ),
    "iom_jan1_2024": (
        "IOM Displacement Tracking Matrix (DTM Pakistan)",
        "Pakistan — Flow Monitoring of Afghan Returnees – Bi-Weekly Report (1 – 15 January 2024)",
        "2024-01-15",
        "https://dtm.iom.int/reports/pakistan-flow-monitoring-afghan-returnees-bi-weekly-report-1-15-january-2024",
    ),
    "who_nov_2023": (
        "Amu TV (reporting a World Health Organization report)",
        "Over 2,000 undocumented Afghan migrants repatriated in past 24 hours",
        "2023-11-19",
        "https://amu.tv/73655/",
    ),
    "afp_oct_2023": (
        "AFP (via spamchronicles.com repost), figures of Khyber Pakhtunkhwa government and Pakistani border officials",  # noqa: E501
        "More than 165,000 Afghan migrants left Pakistan in October to return home",
        "2023-11-02",
        "https://spamchronicles.com/more-than-165000-afghan-migrants-left-pakistan-in-october-to-return-home",
    ),
    "ocha_endres_nov_2023": (
        "Anadolu Agency (via Shafaqna), quoting the UN Humanitarian Coordinator a.i. for Afghanistan",
        "UN: Afghan refugees returned from Pakistan are in very bad condition",
        "2023-11-14",
        "https://en.shafaqna.com/335855/un-afghan-refugees-returned-from-pakistan-are-in-very-bad-condition/",
    ),
    "iom_story_feb_2024": (
        "IOM Afghanistan",
        "Return to the unknown: Afghan migrants' journey home",
        "2024-02-24",
        "https://afghanistan.iom.int/stories/return-unknown-afghan-migrants-journey-home",
    ),
    "abc_jun_2024": (
        "Afghanistan Border Consortium (via ReliefWeb)",
        "Afghanistan: Border Consortium - Emergency Border Operations (16 - 29 June 2024)",
        "2024-06-29",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-consortium-emergency-border-operations-16-29-june-2024",
    ),
    "kp_nov19_2023": (
        "Lead Pakistan (APP), figures of the Home and Tribal Affairs Department, Khyber Pakhtunkhwa",
        "227,239 people repatriated to Afghanistan: Home Dept",
        "2023-11-20",
        "https://leadpakistan.com.pk/news/227239-people-repatriated-to-afghanistan-home-dept/",
    ),
    "kp_dec02_2023": (
        "The Nation, figures of the Home Department, Khyber Pakhtunkhwa",
        "253,068 repatriated through KP borders: Home Dept",
        "2023-12-04",
        "https://www.nation.com.pk/04-Dec-2023/253-068-repatriated-through-kp-borders-home-dept",
    ),
    "kp_dec12_2023": (
        "The Nation, figures of the Home Department, Khyber Pakhtunkhwa",
        "261,723 repatriated via 3 KP border points to Afghanistan",
        "2023-12-14",
        "https://www.nation.com.pk/14-Dec-2023/261-723-repatriated-via-3-kp-border-points-to-afghanistan",
    ),
    "kp_dec19_2023": (
        "UrduPoint (APP), figures of the Home Department, Khyber Pakhtunkhwa",
        "267,528 Persons Repatriated To Afghanistan Via KP: Home Deptt",
        "2023-12-20",
        "https://www.urdupoint.com/en/pakistan/267528-persons-repatriated-to-afghanistan-vi-1778902.html",
    ),
    "kp_dec27_2023": (
        "UrduPoint (APP), figures of the Home and Tribal Affairs Department, Khyber Pakhtunkhwa",
        "Repatriation Of Undocumented Afghans Continues",
        "2023-12-28",
        "https://www.urdupoint.com/en/pakistan/repatriation-of-undocumented-afghans-continue-1780916.html",
    ),
    "kp_dec30_2023": (
        "The Nation (APP), figures of the Home and Tribal Affairs Department, Khyber Pakhtunkhwa",
        "6,600 Afghan migrants repatriated",
        "2024-01-01",
        "https://www.nation.com.pk/01-Jan-2024/6-600-afghan-migrants-repatriated",
    ),
    "spin_nov_2023": (
        "Prensa Latina, quoting Spin Boldak's head of information, Ali Mohammad Haqmal",
        "Ascienden a 50 mil los refugiados afganos retornados desde Pakistán",
        "2023-11-10",
        "https://archivo.prensa-latina.cu/2023/11/10/ascienden-a-50-mil-los-refugiados-afganos-retornados-desde-pakistan",
    ),
    "iom_apr_2025_x": (
        "Pajhwok Afghan News (via MENAFN), quoting IOM",
        "Pakistan Expels Over 8,000 Afghans In The Past 2 Days",
        "2025-04-08",
        "https://menafn.com/1109404831/Pakistan-Expels-Over-8000-Afghans-In-The-Past-2-Days",
    ),
    "iom_apr1_2025": (
        "IOM Displacement Tracking Matrix (DTM Pakistan), copy on Scribd",
        "DTM Pakistan | Bi-Weekly Flow Monitoring of Afghan Nationals, 1 – 15 April 2025 (#183)",
        "2025-04-15",
        "https://www.scribd.com/document/870114808/FM-Bi-Weekly-1-15-April-Pakistan",
    ),
    "iom_jan_2021": (
        "IOM Pakistan (via ReliefWeb)",
        "Flow Monitoring Report: Spontaneous Return of Undocumented Afghan Migrants from Pakistan (17 - 30 January 2021)",  # noqa: E501
        "2021-02-05",
        "https://reliefweb.int/report/afghanistan/flow-monitoring-report-spontaneous-return-undocumented-afghan-migrants-pakistan-2",
    ),
    "iom_jul_2021": (
        "IOM Pakistan (via ReliefWeb)",
        "Flow Monitoring - Spontaneous Returns of Undocumented Afghans from Pakistan (4 - 17 July 2021)",
        "2021-07-17",
        "https://reliefweb.int/report/pakistan/flow-monitoring-spontaneous-returns-undocumented-afghans-pakistan-4-17-july-2021",
    ),
    "iom_oct_2021": (
        "IOM Pakistan (via ReliefWeb)",
        "Flow Monitoring - Spontaneous Returns of Undocumented Afghans from Pakistan (26 September - 09 October 2021)",  # noqa: E501
        "2021-10-09",
        "https://reliefweb.int/report/pakistan/flow-monitoring-spontaneous-returns-undocumented-afghans-pakistan-26-september-09",
    ),
    "iom_apr_2022": (
        "IOM Pakistan (via ReliefWeb)",
        "Bi-Weekly Flow Monitoring Report: Spontaneous Return of Undocumented Afghan Migrants from Pakistan (09 - 22 April 2022)",  # noqa: E501
        "2022-04-29",
        "https://reliefweb.int/report/afghanistan/bi-weekly-flow-monitoring-report-spontaneous-return-undocumented-afghan-10",
    ),
    "iom_may_2022": (
        "IOM Pakistan (via ReliefWeb)",
        "Bi-Weekly Flow Monitoring Report: Spontaneous Return of Undocumented Afghan Migrants from Pakistan (07 - 20 May 2022)",  # noqa: E501
        "2022-05-31",
        "https://reliefweb.int/report/afghanistan/bi-weekly-flow-monitoring-report-spontaneous-return-undocumented-afghan-migrants-pakistan-07-20-may-2022",
    ),
    "iom_aug_2022": (
        "IOM Pakistan (via ReliefWeb)",
        "Bi-Weekly Flow Monitoring Report: Spontaneous Return of Undocumented Afghan Migrants from Pakistan (13 - 26 August 2022)",  # noqa: E501
        "2022-08-26",
        "https://reliefweb.int/report/afghanistan/bi-weekly-flow-monitoring-report-spontaneous-return-undocumented-afghan-migrants-pakistan-13-26-august-2022",
    ),
    "iom_nov_2022": (
        "IOM Displacement Tracking Matrix (DTM Pakistan)",
        "Pakistan — Flow Monitoring of Undocumented Afghan Returnees from Pakistan (5 - 18 November 2022)",
        "2022-11-18",
        "https://dtm.iom.int/es/node/18671",
    ),
    "iom_feb_2020": (
        "IOM Pakistan (via ReliefWeb)",
        "Flow Monitoring - Spontaneous Returns of Undocumented Afghans from Pakistan (16 – 29 February 2020)",
        "2020-03-06",
        "https://reliefweb.int/report/pakistan/flow-monitoring-spontaneous-returns-undocumented-afghans-pakistan-16-29-february",
    ),
    "iom_mar_2018": (
        "IOM Pakistan (Global DTM)",
        "Flow Monitoring of Undocumented Afghan Returnees from Pakistan (25 February — 3 March 2018)",
        "2018-03-03",
        "http://www.globaldtm.info/flow-monitoring-of-undocumented-afghan-returnees-from-pakistan-25-february-3-march-2018/",
    ),
    "iom_apr_2017": (
        "IOM Pakistan (Global DTM)",
        "Flow Monitoring of Undocumented Afghan Returnees from Pakistan 23 – 29 April 2017",
        "2017-04-29",
        "http://www.globaldtm.info/flow-monitoring-of-undocumented-afghan-returnees-from-pakistan-23-29-april-2017/",
    ),
    "iom_torkham_2017": (
        "IOM Pakistan (copy on docslib.org)",
        "IOM Pakistan Assessment of Incoming Afghan Nationals (Torkham Border) June 2017",
        "2017-06-20",
        "https://docslib.org/doc/2530843/unhcr-afghanistan-covid-19-response-border-monitoring-update",
    ),
    "pajhwok_apr_2020": (
        "Pajhwok Afghan News, figures of Afghan border forces and the Nangarhar governor's office",
        "'Nearly 80,000 Afghans returned from Pakistan in 4-day'",
        "2020-04-10",
        "https://www.pajhwok.com/en/2020/04/10/%E2%80%98nearly-80000-afghans-returned-pakistan-4-day%E2%80%99",
    ),
    "unhcr_bmu_may_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (10 - 16 May 2020)",
        "2020-05-19",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-10-16-may-2020",
    ),
    "unhcr_bmu_jul_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (05 - 11 July 2020)",
        "2020-07-15",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-05-11-july-2020",
    ),
    "unhcr_bmu_aug1_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (09 - 15 August 2020)",
        "2020-08-15",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-09-august-15-august-2020",
    ),
    "unhcr_bmu_aug2_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (16 - 22 August 2020)",
        "2020-08-27",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-16-22-august-2020",
    ),
    "unhcr_bmu_aug3_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (23 - 29 August 2020)",
        "2020-08-29",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-23-29-august-2020",
    ),
    "unhcr_bmu_sep1_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (06 - 12 September 2020)",
        "2020-09-17",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-06-12-september-2020",
    ),
    "unhcr_bmu_sep2_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (20 - 26 September 2020)",
        "2020-09-30",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-20-26-september-2020",
    ),
    "unhcr_bmu_oct1_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (27 September - 03 October 2020)",
        "2020-10-10",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-27-september-03-october",
    ),
    "unhcr_bmu_oct_2020": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "Afghanistan: Border Monitoring Update, COVID-19 Response (25 - 31 October 2020)",
        "2020-11-05",
        "https://reliefweb.int/report/afghanistan/afghanistan-border-monitoring-update-covid-19-response-25-31-october-2020",
    ),
    "unhcr_volrep_jan_2019": (
        "UNHCR (via ReliefWeb)",
        "Afghanistan: Voluntary Repatriation Update - January 2019",
        "2019-01-10",
        "https://reliefweb.int/report/afghanistan/afghanistan-voluntary-repatriation-update-january-2019",
    ),
    "unhcr_q4_2019": (
        "UNHCR (via ReliefWeb)",
        "Pakistan: Voluntary Repatriation of Afghan Refugees, South-West Asia Quarterly Update (October - December 2019)",  # noqa: E501
        "2020-02-17",
        "https://reliefweb.int/report/pakistan/pakistan-voluntary-repatriation-afghan-refugees-south-west-asia-quarterly-update",
    ),
    "ocha_dashboard_2014": (
        "OCHA Pakistan (via ReliefWeb), data provided by UNHCR",
        "Pakistan: Humanitarian Dashboard - Afghan Refugees (as of 15 Feb 2014)",
        "2014-02-15",
        "https://reliefweb.int/report/pakistan/pakistan-humanitarian-dashboard-afghan-refugees-15-feb-2014",
    ),
    "iom_sitrep_mar_2018": (
        "IOM Afghanistan (via ReliefWeb)",
        "Return of Undocumented Afghans Weekly Situation Report (04 - 10 March 2018)",
        "2018-03-14",
        "https://reliefweb.int/report/afghanistan/return-undocumented-afghans-weekly-situation-report-04-10-march-2018",
    ),
    "unhcr_q4_2024": (
        "UNHCR Regional Bureau for Asia and the Pacific (via ReliefWeb)",
        "Afghanistan Situation: Afghan Returns Assisted by UNHCR, Quarterly Update (October - December 2024)",
        "2024-12-31",
        "https://reliefweb.int/report/afghanistan/unhcr-rbap-afghanistan-situation-afghan-returns-assisted-unhcr-quarterly-update-october-december-2024",
    ),
    # stocks
    "tribune_jun_2023": (
        "funbridge.live (repost of a press report quoting UNHCR data)",
        "3.7m Afghans living in Pakistan",
        "2023-06-30",
        "https://funbridge.live/3-7m-afghans-living-in-pakistan/",
    ),
    "nation_nov_2023": (
        "The Nation",
        "Govt approves extension in 145,716 Afghan refugees' stay",
        "2023-11-09",
        "https://www.nation.com.pk/09-Nov-2023/govt-approves-extension-in-145-716-afghan-refugees-stay",
    ),
    "unhcr_fs_dec_2018": (
        "UNHCR Pakistan (copy on docslib.org)",
        "Fact Sheet: Islamic Republic of Pakistan, 31 December 2018",
        "2018-12-31",
        "https://docslib.org/doc/8042469/islamic-republic-of-pakistan-31-december-2018",
    ),
    "unhcr_yer_2017": (
        "UNHCR Global Focus",
        "Pakistan 2017 Year-End Report (summary)",
        "2017-12-31",
        "https://reporting.unhcr.org/pakistan-2017-year-end-report-summary",
    ),
    # second research pass (2026-12-01, see flows_research.md, "Second pass")
    "iom_jun_2021": (
        "IOM Displacement Tracking Matrix (DTM Pakistan)",
        "Pakistan - Flow Monitoring of Undocumented Afghan Returnees from Pakistan (23 May - 5 June 2021)",
        "2021-06-05",
        "https://dtm.iom.int/fr/node/13313",
    ),
    "iom_jul1_2021": (
        "IOM Pakistan (via ReliefWeb)",
        "Flow Monitoring - Spontaneous Returns of Undocumented Afghans from Pakistan (20 June - 8 July)",
        "2021-07-12",
        "https://reliefweb.int/report/pakistan/flow-monitoring-spontaneous-returns-undocumented-afghans-pakistan-20-june-8-july",
    ),
    "iom_q2_2024": (
        "Pakistan News Gazette (reporting IOM DTM Pakistan)",
        "Recorded spike in Afghan returnees and deportations in second quarter of 2024",
        "2024-06-30",
        "https://pakistannewsgazette.com/recorded-spike-in-afghan-returnees-and-deportations-in-second-quarter-of-2024",
    ),
    "unhcr_op_oct_2024": (
        "UNHCR Afghanistan (via ReliefWeb)",
        "UNHCR Afghanistan: Operational Update, October 2024",
        "2024-10-31",
        "https://reliefweb.int/report/afghanistan/unhcr-afghanistan-operational-update-october-2024",
    ),
    "unhcr_q1_2024": (
        "Amu TV (reporting a UNHCR quarterly report)",
        "18,700 refugees enter Afghanistan in early 2024: Report",
        "2024-03-31",
        "https://amu.tv/96150/",
    ),
    "khaama_jan_2025": (
        "Khaama Press (via MENAFN), reporting an IOM DTM Pakistan report",
        "Over 18,000 Afghans Return To Afghanistan From Islamabad And Rawalpindi In January",
        "2025-02-19",
        "https://menafn.com/1109223469/Over-18000-Afghans-Return-To-Afghanistan-From-Islamabad-And-Rawalpindi-In-January",
    ),
    "iom_ntnews_apr_2025": (
        "Namasthe Telangana (ntnews.com), quoting IOM",
        "The second phase of the repatriation program for Afghan refugees in Pakistan began on the 1st of this month",  # noqa: E501
        "2025-04-05",
        "https://www.ntnews.com/international/the-second-phase-of-the-repatriation-program-for-afghan-refugees-in-pakistan-began-on-the-1st-of-this-month-1957017",
    ),
    "dtm_afg_sep_2024": (
        "IOM DTM Afghanistan (via ReliefWeb)",
        "DTM Afghanistan: Weekly Flow Monitoring Snapshot (1 - 7 September 2024, Data updated as of 21:00 on 7 September)",  # noqa: E501
        "2024-09-07",
        "https://reliefweb.int/report/afghanistan/dtm-afghanistan-weekly-flow-monitoring-snapshot-1-7-september-2024-data-updated-2100-7-september",
    ),
    "morr_aug_2020": (
        "Ministry of Refugees and Repatriation, Afghanistan",
        "احصاییه عودت کنندگان و بی جاشدگان (Statistics of returnees and the displaced)",
        "2020-08-16",
        "https://morr.gov.af/dr/%D8%A7%D8%AD%D8%B5%D8%A7%DB%8C%DB%8C%D9%87-%D8%B9%D9%88%D8%AF%D8%AA-%DA%A9%D9%86%D9%86%D8%AF%DA%AF%D8%A7%D9%86-%D9%88-%D8%A8%DB%8C-%D8%AC%D8%A7%D8%B4%D8%AF%DA%AF%D8%A7%D9%86",
    ),
    "iom_afp_jul_2025": (
        "AFP (via daily8.com), quoting an IOM spokesman",
        "Nearly 450,000 Afghans returned from Iran since June 1, UN agency says",
        "2025-07-07",
        "https://test.daily8.com/en/article/73a601a359572a4b565701ce633a4824",
    ),
    "herat_jul_2025": (
        "Dunia (dunia.af), quoting the head of information and culture in Herat, returnees' commission",
        "در ۲۲ روز اخیر بیش از ۵۷۴ هزار مهاجر از ایران وارد افغانستان شدند (574,000 migrants from Iran in 22 days)",  # noqa: E501
        "2025-07-14",
        "https://www.dunia.af/da/news/15852",
    ),
}

# Notes on the citations whose date is not a publication date shown in the copy read.
CITE_DATE_NOTES = {
    "iom_jul2_2023": "date is the end of the period covered (the page shows no publication date)",
    "iom_q3_2023": "date is the end of the period covered (the page shows no publication date)",
    "iom_jan1_2024": "date is the end of the period covered (the page shows no publication date)",
    "iom_jul_2021": "date is the end of the period covered (the copy shows no publication date)",
    "iom_oct_2021": "date is the end of the period covered (the copy shows no publication date)",
    "iom_aug_2022": "date is the end of the period covered (the copy shows no publication date)",
    "iom_nov_2022": "date is the end of the period covered (the page shows no publication date)",
    "iom_mar_2018": "date is the end of the period covered (the page shows no publication date)",
    "iom_apr1_2025": "date is the end of the period covered (the copy shows no publication date)",
    "who_nov_2023": "the copy shows no publication date; date is that of the latest figure it reports (19 November)",  # noqa: E501
    "afp_oct_2023": "the repost shows no date; the text says 'on Thursday' after the 1 November deadline (2 Nov 2023)",  # noqa: E501
    "tribune_jun_2023": "date is the 'as of June 2023' date of the figures; the repost shows no publication date",  # noqa: E501
    "unhcr_yer_2017": "date is that of the year-end figures (the page shows no publication date)",
    "unhcr_q4_2024": "date is the end of the period covered (the copy shows no publication date); title from the URL",  # noqa: E501
    "ocha_endres_nov_2023": "the statement was made on Tuesday 14 November 2023; the copy shows no publication date; "  # noqa: E501
    "title from the URL",
    "iom_story_feb_2024": "date is the 'as of' date of the figure (the page shows no publication date); title from the URL",  # noqa: E501
    "spin_nov_2023": "title from the URL (Spanish)",
    "iom_apr_2017": "date is the end of the period covered (the page shows no publication date)",
    "iom_torkham_2017": "date is that of the report's latest figure ('as of June 20th'); the copy shows no publication date",  # noqa: E501
    "unhcr_bmu_aug1_2020": "date is the end of the period covered (the copy shows no publication date)",
    "unhcr_bmu_aug3_2020": "date is the end of the period covered (the copy shows no publication date)",
    "abc_jun_2024": "date is the end of the period covered (the copy shows no publication date); title from the URL",  # noqa: E501
    "iom_jun_2021": "date is the end of the period covered (the page shows no publication date)",
    "iom_jul1_2021": "title from the URL, which reads '20 june 8 july' while the text covers 20 June - 3 July 2021",  # noqa: E501
    "iom_q2_2024": "date is the end of the period covered (the copy shows no publication date); title from the URL",  # noqa: E501
    "unhcr_op_oct_2024": "date is the end of the period covered (the copy shows no publication date); title from the URL",  # noqa: E501
    "unhcr_q1_2024": "date is the end of the period covered (the copy shows no publication date)",
    "khaama_jan_2025": "the copy's dateline is stale; date is that of the IOM report, which the text says was "  # noqa: E501
    "published on 'Wednesday, February 19' (2025)",
    "iom_ntnews_apr_2025": "date is the end of the period covered (the copy shows no date); title from the URL (Telugu)",  # noqa: E501
    "morr_aug_2020": "date is that of the English version of the statement (16 Aug 2020), whose total reads "
    "'63 thousand and 59'; the Dari page read here gives 63,519, which the two crossings add up to",
    "iom_afp_jul_2025": "the copy shows no date; AFP's text says the spokesman spoke 'on Monday' after 5 July (7 July 2025)",  # noqa: E501
    "herat_jul_2025": "the copy shows no date; the text's 'yesterday (Sunday, 22 Saratan)' is 13 July 2025",
}


def cite(key: str) -> str:
    """Return ``Publisher, "Title", YYYY-MM-DD, URL`` for citation ``key``."""
    publisher, title, date, url = CITE[key]
    return f'{publisher}, "{title}", {date}, {url}'


# --- flows ---------------------------------------------------------------------
# (period_start, period_end, crossing_id, from, to, population_type, count, precision, cite key, notes)
# destination/origin units are given by none of the reports read, so those columns stay empty.
T, C = "torkham", "chaman-spin-boldak"
FLOW_ROWS: list[tuple[str, str, str, str, str, str, int, str, str, str]] = [
    # IOM DTM Pakistan flow monitoring: spontaneous returns of undocumented Afghans, by crossing
    (
        "2018-02-25",
        "2018-03-03",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        250,
        "exact",
        "iom_mar_2018",
        "spontaneous returns of undocumented Afghans counted by IOM at Chaman/Spin Boldak",
    ),
    (
        "2018-02-25",
        "2018-03-03",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        231,
        "exact",
        "iom_mar_2018",
        "spontaneous returns of undocumented Afghans counted by IOM at Torkham",
    ),
    (
        "2020-02-16",
        "2020-02-29",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        193,
        "exact",
        "iom_feb_2020",
        "spontaneous returns of undocumented Afghans (IOM flow monitoring)",
    ),
    (
        "2020-02-16",
        "2020-02-29",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        403,
        "exact",
        "iom_feb_2020",
        "spontaneous returns of undocumented Afghans (IOM flow monitoring)",
    ),
    (
        "2021-01-17",
        "2021-01-30",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        23,
        "exact",
        "iom_jan_2021",
        "spontaneous returns of undocumented Afghans; 13 facilitated by border authorities are not counted",
    ),
    (
        "2021-01-17",
        "2021-01-30",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        408,
        "exact",
        "iom_jan_2021",
        "spontaneous returns of undocumented Afghans; 13 facilitated by border authorities are not counted",
    ),
    (
        "2021-07-04",
        "2021-07-17",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        57,
        "exact",
        "iom_jul_2021",
        "spontaneous returns of undocumented Afghans (IOM flow monitoring)",
    ),
    (
        "2021-07-04",
        "2021-07-17",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        286,
        "exact",
        "iom_jul_2021",
        "spontaneous returns of undocumented Afghans (IOM flow monitoring)",
    ),
    (
        "2021-09-26",
        "2021-10-09",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        309,
        "exact",
        "iom_oct_2021",
        "spontaneous returns; Torkham restricted by Pakistani border authorities (security, COVID-19)",
    ),
    (
        "2021-09-26",
        "2021-10-09",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        1806,
        "exact",
        "iom_oct_2021",
        "spontaneous returns of undocumented Afghans (IOM flow monitoring)",
    ),
    (
        "2022-04-09",
        "2022-04-22",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        72,
        "exact",
        "iom_apr_2022",
        "spontaneous returns; 111 facilitated by border authorities are not counted",
    ),
    (
        "2022-04-09",
        "2022-04-22",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        821,
        "exact",
        "iom_apr_2022",
        "spontaneous returns; 111 facilitated by border authorities are not counted",
    ),
    (
        "2022-05-07",
        "2022-05-20",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        336,
        "exact",
        "iom_may_2022",
        "spontaneous returns; 93 facilitated by border authorities are not counted",
    ),
    (
        "2022-05-07",
        "2022-05-20",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        4811,
        "exact",
        "iom_may_2022",
        "spontaneous returns; 93 facilitated by border authorities are not counted",
    ),
    (
        "2022-08-13",
        "2022-08-26",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        265,
        "exact",
        "iom_aug_2022",
        "spontaneous returns; 86 facilitated by border authorities are not counted",
    ),
    (
        "2022-08-13",
        "2022-08-26",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        1614,
        "exact",
        "iom_aug_2022",
        "spontaneous returns; 86 facilitated by border authorities are not counted",
    ),
    (
        "2022-11-05",
        "2022-11-18",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        640,
        "exact",
        "iom_nov_2022",
        "spontaneous returns; 246 facilitated by border authorities are not counted",
    ),
    (
        "2022-11-05",
        "2022-11-18",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        1475,
        "exact",
        "iom_nov_2022",
        "spontaneous returns; 246 facilitated by border authorities are not counted",
    ),
    (
        "2023-04-01",
        "2023-06-30",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        11397,
        "exact",
        "iom_q2_2023",
        "IOM Quarterly Flow Monitoring of Undocumented Afghan Returnees from Pakistan (April-June 2023), "
        "as reported by Dawn; 1,229 facilitated by border authorities are not counted",
    ),
    (
        "2023-04-01",
        "2023-06-30",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        13425,
        "exact",
        "iom_q2_2023",
        "as above ('Wesh-Chaman border' in the report)",
    ),
    (
        "2023-07-16",
        "2023-07-31",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        1330,
        "exact",
        "iom_jul2_2023",
        "spontaneous returns; 73 facilitated by border authorities are not counted",
    ),
    (
        "2023-07-16",
        "2023-07-31",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        1870,
        "exact",
        "iom_jul2_2023",
        "spontaneous returns; 73 facilitated by border authorities are not counted",
    ),
    (
        "2023-07-01",
        "2023-09-30",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        21182,
        "exact",
        "iom_q3_2023",
        "'spontaneously returned' Afghan nationals (the quarter contains the 16-31 July and September rows)",
    ),
    (
        "2023-07-01",
        "2023-09-30",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        17994,
        "exact",
        "iom_q3_2023",
        "'spontaneously returned' Afghan nationals (the quarter contains the 16-31 July and September rows)",
    ),
    (
        "2023-07-01",
        "2023-09-30",
        "",
        "PAK",
        "AFG",
        "deportation",
        998,
        "exact",
        "iom_q3_2023",
        "'forcibly returned' by border authorities for lack of valid documentation; crossings not given",
    ),
    (
        "2023-09-01",
        "2023-09-30",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        14352,
        "exact",
        "iom_q3_2023",
        "September 2023 returns through Torkham, stated in the quarterly report",
    ),
    (
        "2023-09-01",
        "2023-09-30",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        9612,
        "exact",
        "iom_q3_2023",
        "September 2023 returns through Chaman, stated in the quarterly report",
    ),
    # After the IFRP announcement (3 October 2023)
    (
        "2023-10-01",
        "2023-10-31",
        T,
        "PAK",
        "AFG",
        "all returns",
        129000,
        "rounded",
        "afp_oct_2023",
        "'more than 129,000' left through Torkham in October (Khyber Pakhtunkhwa government, via AFP); "
        "published 2 November, so the count may include 1 November",
    ),
    (
        "2023-10-01",
        "2023-10-31",
        C,
        "PAK",
        "AFG",
        "all returns",
        38100,
        "exact",
        "afp_oct_2023",
        "passed through Chaman in October (Pakistani border officials, via AFP); published 2 November",
    ),
    (
        "2023-09-15",
        "2023-11-11",
        T,
        "PAK",
        "AFG",
        "all returns",
        233700,
        "rounded",
        "who_nov_2023",
        "arrivals at Torkham (Nangarhar), 15 September - 11 November, from a WHO report quoted by Amu TV",
    ),
    (
        "2023-09-15",
        "2023-11-11",
        C,
        "PAK",
        "AFG",
        "all returns",
        93700,
        "rounded",
        "who_nov_2023",
        "arrivals at Spin Boldak (Kandahar), 15 September - 11 November, from a WHO report quoted by Amu TV",
    ),
    (
        "2023-09-15",
        "2024-01-15",
        "",
        "PAK",
        "AFG",
        "all returns",
        501242,
        "exact",
        "iom_jan1_2024",
        "cumulative returns since 15 September 2023 through all crossings, harmonised with UNHCR",
    ),
    (
        "2024-01-01",
        "2024-01-15",
        "",
        "PAK",
        "AFG",
        "all returns",
        9982,
        "exact",
        "iom_jan1_2024",
        "through Torkham, Chaman, Ghulam Khan and Badini together (no split by crossing in the summary)",
    ),
    (
        "2023-09-15",
        "2024-02-24",
        "",
        "PAK",
        "AFG",
        "all returns",
        525000,
        "rounded",
        "iom_story_feb_2024",
        "'nearly 525,000' returned 'primarily through the Torkham and Spin Boldak border crossings'",
    ),
    (
        "2023-09-15",
        "2024-06-15",
        "",
        "PAK",
        "AFG",
        "all returns",
        632000,
        "rounded",
        "abc_jun_2024",
        "'over 632,000 returnees recorded up to 15 June 2024', primarily through Torkham and Spin Boldak",
    ),
    (
        "2025-04-01",
        "2025-04-15",
        "",
        "PAK",
        "AFG",
        "all returns",
        85000,
        "rounded",
        "iom_apr1_2025",
        "'over 85,000 Afghan nationals returned' in the first half of April 2025 (IFRP phase two)",
    ),
    (
        "2025-04-06",
        "2025-04-07",
        "",
        "PAK",
        "AFG",
        "all returns",
        8025,
        "exact",
        "iom_apr_2025_x",
        "undocumented and ACC holders through Torkham and Spin Boldak together (no split by crossing); "
        "'the past two days' before the 8 April 2025 report",
    ),
    # Khyber Pakhtunkhwa Home Department: cumulative repatriations since 17 September 2023, by crossing
    (
        "2023-09-17",
        "2023-11-19",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        223503,
        "exact",
        "kp_nov19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'from September 17 to November 19, 2023'",
    ),
    (
        "2023-09-17",
        "2023-11-19",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3317,
        "exact",
        "kp_nov19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'from September 17 to November 19, 2023'",
    ),
    (
        "2023-09-17",
        "2023-11-19",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        419,
        "exact",
        "kp_nov19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'from September 17 to November 19, 2023'",
    ),
    (
        "2023-09-17",
        "2023-12-02",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        248890,
        "exact",
        "kp_dec02_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 2'",
    ),
    (
        "2023-09-17",
        "2023-12-02",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3479,
        "exact",
        "kp_dec02_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 2'",
    ),
    (
        "2023-09-17",
        "2023-12-02",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        698,
        "exact",
        "kp_dec02_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 2'",
    ),
    (
        "2023-09-17",
        "2023-12-12",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        257402,
        "exact",
        "kp_dec12_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'by December 12, 2023'",
    ),
    (
        "2023-09-17",
        "2023-12-12",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3622,
        "exact",
        "kp_dec12_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'by December 12, 2023'",
    ),
    (
        "2023-09-17",
        "2023-12-12",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        698,
        "exact",
        "kp_dec12_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'by December 12, 2023'",
    ),
    (
        "2023-09-17",
        "2023-12-19",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        263176,
        "exact",
        "kp_dec19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 19' (the copy misprints the year as 2024; published 20 December 2023)",
    ),
    (
        "2023-09-17",
        "2023-12-19",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3653,
        "exact",
        "kp_dec19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 19' (the copy misprints the year as 2024; published 20 December 2023)",
    ),
    (
        "2023-09-17",
        "2023-12-19",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        698,
        "exact",
        "kp_dec19_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'until December 19' (the copy misprints the year as 2024; published 20 December 2023)",
    ),
    (
        "2023-09-17",
        "2023-12-27",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        267111,
        "exact",
        "kp_dec27_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far' in a statement of 28 December about 'the other day' (27 December)",
    ),
    (
        "2023-09-17",
        "2023-12-27",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3693,
        "exact",
        "kp_dec27_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far' in a statement of 28 December about 'the other day' (27 December)",
    ),
    (
        "2023-09-17",
        "2023-12-27",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        698,
        "exact",
        "kp_dec27_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far' in a statement of 28 December about 'the other day' (27 December)",
    ),
    (
        "2023-09-17",
        "2023-12-30",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        268552,
        "exact",
        "kp_dec30_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far', given on Sunday 31 December with Saturday's (30 December) figures; the copy says 'deported' for the series the Department calls repatriated",  # noqa: E501
    ),
    (
        "2023-09-17",
        "2023-12-30",
        "angoor-adda",
        "PAK",
        "AFG",
        "undocumented return",
        3703,
        "exact",
        "kp_dec30_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far', given on Sunday 31 December with Saturday's (30 December) figures; the copy says 'deported' for the series the Department calls repatriated",  # noqa: E501
    ),
    (
        "2023-09-17",
        "2023-12-30",
        "kharlachi",
        "PAK",
        "AFG",
        "undocumented return",
        698,
        "exact",
        "kp_dec30_2023",
        "cumulative repatriations of undocumented Afghans since 17 September 2023 (KP Home Department series), "  # noqa: E501
        "'so far', given on Sunday 31 December with Saturday's (30 December) figures; the copy says 'deported' for the series the Department calls repatriated",  # noqa: E501
    ),
    (
        "2023-11-01",
        "2023-11-10",
        C,
        "PAK",
        "AFG",
        "all returns",
        50000,
        "rounded",
        "spin_nov_2023",
        "'some 6,000 families, 50 thousand people' returned through Spin Boldak 'since the beginning of November' "  # noqa: E501
        "(Afghan side); the end day is the report's date",
    ),
    # Earlier counts by crossing and week (2016-2017, and the COVID-19 closures of 2020)
    (
        "2017-04-23",
        "2017-04-29",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        4633,
        "exact",
        "iom_apr_2017",
        "undocumented Afghans who returned through Torkham (IOM weekly situation report)",
    ),
    (
        "2016-01-01",
        "2016-12-31",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        250000,
        "rounded",
        "iom_torkham_2017",
        "'over 250,000 undocumented' returned in 2016 through the Torkham and Chaman crossings (together)",
    ),
    (
        "2016-01-01",
        "2016-12-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        380000,
        "rounded",
        "iom_torkham_2017",
        "'over 380,000 registered refugees' returned in 2016 through the Torkham and Chaman crossings (together)",  # noqa: E501
    ),
    (
        "2017-01-01",
        "2017-06-20",
        "",
        "PAK",
        "AFG",
        "all returns",
        100000,
        "rounded",
        "iom_torkham_2017",
        "'over 100,000 Afghans have returned' in 2017 'as of June 20th'",
    ),
    (
        "2017-01-01",
        "2017-06-20",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        70000,
        "rounded",
        "iom_torkham_2017",
        "'almost 70,000 undocumented returnees' in 2017 'as of June 20th'",
    ),
    (
        "2020-04-07",
        "2020-04-07",
        C,
        "PAK",
        "AFG",
        "other",
        9198,
        "exact",
        "pajhwok_apr_2020",
        "people who crossed Spin Boldak into Afghanistan on the first of four days Pakistan opened the crossing during its COVID-19 closure (Afghan border forces)",  # noqa: E501
    ),
    (
        "2020-04-08",
        "2020-04-08",
        C,
        "PAK",
        "AFG",
        "other",
        10109,
        "exact",
        "pajhwok_apr_2020",
        "second of the four days (Afghan border forces)",
    ),
    (
        "2020-04-09",
        "2020-04-09",
        C,
        "PAK",
        "AFG",
        "other",
        17189,
        "exact",
        "pajhwok_apr_2020",
        "third of the four days (Afghan border forces)",
    ),
    (
        "2020-04-10",
        "2020-04-10",
        C,
        "PAK",
        "AFG",
        "other",
        2255,
        "exact",
        "pajhwok_apr_2020",
        "fourth day, 'today' in the report of Friday 10 April 2020 (Afghan border forces)",
    ),
    (
        "2020-04-07",
        "2020-04-10",
        T,
        "PAK",
        "AFG",
        "other",
        40000,
        "rounded",
        "pajhwok_apr_2020",
        "'around 40,000 Afghans entered Afghanistan from Torkham' in the same four days (Nangarhar governor's spokesman)",  # noqa: E501
    ),
    (
        "2020-05-16",
        "2020-05-16",
        T,
        "PAK",
        "AFG",
        "other",
        13550,
        "exact",
        "unhcr_bmu_may_2020",
        "stranded Afghans who crossed into Afghanistan on 16 May 2020 (COVID-19 restrictions; pedestrians allowed one day a week)",  # noqa: E501
    ),
    (
        "2020-05-16",
        "2020-05-16",
        C,
        "PAK",
        "AFG",
        "other",
        16710,
        "exact",
        "unhcr_bmu_may_2020",
        "Afghans who returned via Spin Boldak on 16 May 2020",
    ),
    (
        "2020-07-11",
        "2020-07-11",
        T,
        "PAK",
        "AFG",
        "other",
        4707,
        "exact",
        "unhcr_bmu_jul_2020",
        "stranded Afghans who crossed through Torkham into Afghanistan on 11 July 2020",
    ),
    (
        "2020-08-21",
        "2020-08-21",
        T,
        "PAK",
        "AFG",
        "other",
        6551,
        "exact",
        "unhcr_bmu_aug2_2020",
        "stranded Afghans who crossed through Torkham into Afghanistan on 21 August 2020",
    ),
    (
        "2020-08-21",
        "2020-08-22",
        C,
        "PAK",
        "AFG",
        "other",
        52334,
        "exact",
        "unhcr_bmu_aug2_2020",
        "stranded Afghans who crossed Spin Boldak/Chaman into Afghanistan on 21-22 August 2020 (reopened for pedestrians)",  # noqa: E501
    ),
    (
        "2020-08-23",
        "2020-08-28",
        C,
        "PAK",
        "AFG",
        "other",
        103207,
        "exact",
        "unhcr_bmu_aug3_2020",
        "Afghans who crossed through Spin Boldak/Chaman into Afghanistan, 23-28 August 2020 (closed 29-30 August)",  # noqa: E501
    ),
    (
        "2020-09-06",
        "2020-09-12",
        C,
        "PAK",
        "AFG",
        "other",
        148094,
        "exact",
        "unhcr_bmu_sep1_2020",
        "Afghans who crossed through Spin Boldak into Afghanistan during the week (regular movement, both directions counted apart)",  # noqa: E501
    ),
    (
        "2020-09-12",
        "2020-09-12",
        T,
        "PAK",
        "AFG",
        "other",
        7703,
        "exact",
        "unhcr_bmu_sep1_2020",
        "stranded Afghans who crossed into Afghanistan on 12 September 2020, the one day Torkham opened to pedestrians that week",  # noqa: E501
    ),
    (
        "2020-09-26",
        "2020-09-26",
        T,
        "PAK",
        "AFG",
        "other",
        6956,
        "exact",
        "unhcr_bmu_sep2_2020",
        "stranded Afghans who crossed into Afghanistan on 26 September 2020",
    ),
    (
        "2020-08-09",
        "2020-08-15",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        37,
        "exact",
        "unhcr_bmu_aug1_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-08-09",
        "2020-08-15",
        "",
        "PAK",
        "AFG",
        "deportation",
        7,
        "exact",
        "unhcr_bmu_aug1_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-08-16",
        "2020-08-22",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        68,
        "exact",
        "unhcr_bmu_aug2_2020",
        "spontaneous undocumented returnees from Pakistan in the week, all spontaneous (MoRR/IOM)",
    ),
    (
        "2020-08-23",
        "2020-08-29",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        891,
        "exact",
        "unhcr_bmu_aug3_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-08-23",
        "2020-08-29",
        "",
        "PAK",
        "AFG",
        "deportation",
        13,
        "exact",
        "unhcr_bmu_aug3_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-06",
        "2020-09-12",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        499,
        "exact",
        "unhcr_bmu_sep1_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-06",
        "2020-09-12",
        "",
        "PAK",
        "AFG",
        "deportation",
        69,
        "exact",
        "unhcr_bmu_sep1_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-20",
        "2020-09-26",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        153,
        "exact",
        "unhcr_bmu_sep2_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-20",
        "2020-09-26",
        "",
        "PAK",
        "AFG",
        "deportation",
        78,
        "exact",
        "unhcr_bmu_sep2_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-27",
        "2020-10-03",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        100,
        "exact",
        "unhcr_bmu_oct1_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-09-27",
        "2020-10-03",
        "",
        "PAK",
        "AFG",
        "deportation",
        32,
        "exact",
        "unhcr_bmu_oct1_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-10-25",
        "2020-10-31",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        80,
        "exact",
        "unhcr_bmu_oct_2020",
        "spontaneous undocumented returnees from Pakistan in the week (MoRR/IOM)",
    ),
    (
        "2020-10-25",
        "2020-10-31",
        "",
        "PAK",
        "AFG",
        "deportation",
        9,
        "exact",
        "unhcr_bmu_oct_2020",
        "deportees from Pakistan in the week (MoRR/IOM)",
    ),
    # National totals (no crossing)
    (
        "2023-09-15",
        "2023-11-14",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        327400,
        "rounded",
        "ocha_endres_nov_2023",
        "'327.4K undocumented Afghans have returned ... since mid-September' (UN Humanitarian Coordinator a.i.)",  # noqa: E501
    ),
    (
        "2018-01-01",
        "2018-03-10",
        "",
        "PAK",
        "AFG",
        "all returns",
        4502,
        "exact",
        "iom_sitrep_mar_2018",
        "undocumented Afghans who returned spontaneously or were deported, counted by the DoRR border monitoring "  # noqa: E501
        "team at Torkham and Spin Boldak together",
    ),
    (
        "2020-01-01",
        "2020-10-31",
        "",
        "PAK",
        "AFG",
        "undocumented return",
        5111,
        "exact",
        "unhcr_bmu_oct_2020",
        "spontaneous undocumented returnees from Pakistan since 1 January (MoRR/IOM)",
    ),
    (
        "2020-01-01",
        "2020-10-31",
        "",
        "PAK",
        "AFG",
        "deportation",
        480,
        "exact",
        "unhcr_bmu_oct_2020",
        "deportees from Pakistan since 1 January (MoRR/IOM)",
    ),
    (
        "2020-01-01",
        "2020-10-31",
        "",
        "",
        "AFG",
        "assisted refugee return",
        1607,
        "exact",
        "unhcr_bmu_oct_2020",
        "UNHCR-assisted refugee returns from all countries since 1 January (798 from Pakistan: next row)",
    ),
    (
        "2020-01-01",
        "2020-10-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        798,
        "exact",
        "unhcr_bmu_oct_2020",
        "UNHCR-assisted refugee returns from Pakistan since 1 January",
    ),
    (
        "2013-01-01",
        "2013-12-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        31224,
        "exact",
        "ocha_dashboard_2014",
        "registered refugees (6,318 families) who returned with UNHCR in 2013",
    ),
    (
        "2017-01-01",
        "2017-12-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        57411,
        "exact",
        "unhcr_volrep_jan_2019",
        "UNHCR-facilitated voluntary repatriation from Pakistan in 2017",
    ),
    (
        "2018-01-01",
        "2018-12-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        13584,
        "exact",
        "unhcr_volrep_jan_2019",
        "UNHCR-facilitated voluntary repatriation from Pakistan in 2018",
    ),
    (
        "2019-01-01",
        "2019-12-31",
        "",
        "PAK",
        "AFG",
        "assisted refugee return",
        6220,
        "exact",
        "unhcr_q4_2019",
        "Afghan refugees deregistered in Pakistan to return in 2019",
    ),
    (
        "2024-01-01",
        "2024-12-31",
        "",
        "",
        "AFG",
        "assisted refugee return",
        54720,
        "exact",
        "unhcr_q4_2024",
        "UNHCR-assisted returns from all countries in 2024, 98.9% from Pakistan (the report gives no count "
        "for Pakistan alone); January 2024 had the most (12,603)",
    ),
    (
        "2024-01-01",
        "2024-01-31",
        "",
        "",
        "AFG",
        "assisted refugee return",
        12603,
        "exact",
        "unhcr_q4_2024",
        "UNHCR-assisted returns from all countries in January 2024, the month with the most in 2024",
    ),
]

# Second research pass (see flows_research.md, "Second pass"): more IOM flow monitoring by crossing
# (2021), national counts for 2024-2025 (none of them by crossing), returns from Iran (issue 14).
IQ, ML = "islam-qala", "milak"
FLOW_ROWS += [
    (
        "2021-05-23",
        "2021-06-05",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        259,
        "exact",
        "iom_jun_2021",
        "spontaneous returns; 67 facilitated by border authorities are not counted",
    ),
    (
        "2021-05-23",
        "2021-06-05",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        505,
        "exact",
        "iom_jun_2021",
        "spontaneous returns; 67 facilitated by border authorities are not counted",
    ),
    (
        "2021-06-20",
        "2021-07-03",
        T,
        "PAK",
        "AFG",
        "undocumented return",
        154,
        "exact",
        "iom_jul1_2021",
        "spontaneous returns; 18 facilitated by border authorities are not counted; Torkham partly closed "
        "since 1 November 2020",
    ),
    (
        "2021-06-20",
        "2021-07-03",
        C,
        "PAK",
        "AFG",
        "undocumented return",
        309,
        "exact",
        "iom_jul1_2021",
        "spontaneous returns; 18 facilitated by border authorities are not counted",
    ),
    (
        "2024-01-01",
        "2024-03-31",
        "",
        "PAK",
        "AFG",
        "all returns",
        54227,
        "exact",
        "iom_q2_2024",
        "returns and deportations together, 'the 54,227 recorded in the first three months of 2024', as "
        "quoted from IOM's April-June 2024 quarterly report; the copy gives no split by crossing or type",
    ),
    (
        "2024-04-01",
        "2024-06-30",
        "",
        "PAK",
        "AFG",
        "all returns",
        99731,
        "exact",
        "iom_q2_2024",
        "voluntary returnees at five border crossing points (deportations in their own row); 80% "
        "undocumented, 18% PoR, 2% ACC holders; no split by crossing in the copy",
    ),
    (
        "2024-04-01",
        "2024-06-30",
        "",
        "PAK",
        "AFG",
        "deportation",
        2622,
        "exact",
        "iom_q2_2024",
        "deportations at five border crossing points; with the voluntary returns, 102,353",
    ),
    (
        "2024-01-01",
        "2024-03-31",
        "",
        "",
        "AFG",
        "assisted refugee return",
        18700,
        "rounded",
        "unhcr_q1_2024",
        "'nearly 18,700 refugees' assisted by UNHCR, 99% from Pakistan",
    ),
    (
        "2023-09-15",
        "2024-10-31",
        "",
        "PAK",
        "AFG",
        "all returns",
        758000,
        "rounded",
        "unhcr_op_oct_2024",
        "'Between 15 September 2023 and 31 October 2024, over 758,000 Afghans have returned'",
    ),
    (
        "2024-01-01",
        "2024-10-31",
        "",
        "PAK",
        "AFG",
        "deportation",
        6800,
        "rounded",
        "unhcr_op_oct_2024",
        "'Some 6,800 individuals have been deported so far in 2024'",
    ),
    (
        "2024-07-01",
        "2024-07-31",
        "",
        "PAK",
        "AFG",
        "deportation",
        970,
        "exact",
        "unhcr_op_oct_2024",
        "deportations in July 2024 ('July (970)'); August is not given",
    ),
    (
        "2024-09-01",
        "2024-09-30",
        "",
        "PAK",
        "AFG",
        "deportation",
        580,
        "exact",
        "unhcr_op_oct_2024",
        "deportations in September 2024 ('September (580)')",
    ),
    (
        "2024-10-01",
        "2024-10-31",
        "",
        "PAK",
        "AFG",
        "deportation",
        830,
        "rounded",
        "unhcr_op_oct_2024",
        "deportations in October 2024 ('October (over 830)')",
    ),
    (
        "2024-09-01",
        "2024-09-07",
        "",
        "PAK",
        "AFG",
        "other",
        28148,
        "exact",
        "dtm_afg_sep_2024",
        "inflow movements counted by IOM DTM Afghanistan at the Torkham, Ghulam Khan, Pathan, Angor Ada, "
        "Spin Boldak, Baramcha and Nazar Posta crossings together (movements, not unique people; "
        "include circular and short visits, not only returns)",
    ),
    (
        "2024-09-01",
        "2024-09-07",
        "",
        "IRN",
        "AFG",
        "other",
        43376,
        "exact",
        "dtm_afg_sep_2024",
        "inflow movements counted by IOM DTM Afghanistan at the Islam Qala, Milak and Abu Nasr Farahi "
        "crossings together (movements, not unique people)",
    ),
    (
        "2025-01-01",
        "2025-01-31",
        "",
        "PAK",
        "AFG",
        "all returns",
        18577,
        "exact",
        "khaama_jan_2025",
        "returns in January 2025 through Torkham, Chaman, Ghulam Khan, Badini and Baramcha (IOM DTM "
        "Pakistan, no split by crossing); the headline's 'from Islamabad and Rawalpindi' is the "
        "article's framing: the text gives the national figures",
    ),
    (
        "2025-01-16",
        "2025-01-31",
        "",
        "PAK",
        "AFG",
        "all returns",
        9846,
        "exact",
        "khaama_jan_2025",
        "returns in the second half of January 2025 (IOM DTM Pakistan bi-weekly report)",
    ),
    (
        "2023-09-15",
        "2025-01-31",
        "",
        "PAK",
        "AFG",
        "all returns",
        824568,
        "exact",
        "khaama_jan_2025",
        "'from September 2023 to date' (the report's series starts on 15 September 2023 and runs to 31 "
        "January 2025)",
    ),
    (
        "2023-09-15",
        "2025-04-05",
        "",
        "PAK",
        "AFG",
        "all returns",
        861763,
        "exact",
        "iom_ntnews_apr_2025",
        "IOM: 'from 15 September 2023 to 5 April 2025, 8,61,763 Afghan refugees left Pakistan'; 'nearly 5 "
        "lakh' through the two routes of Khyber Pakhtunkhwa (not written as a row: no crossing named)",
    ),
    (
        "2020-07-14",
        "2020-08-14",
        IQ,
        "IRN",
        "AFG",
        "all returns",
        41974,
        "exact",
        "morr_aug_2020",
        "returns from Iran through Islam Qala, 24 Saratan - 24 Asad 1399 (voluntary and deported together)",
    ),
    (
        "2020-07-14",
        "2020-08-14",
        ML,
        "IRN",
        "AFG",
        "all returns",
        21545,
        "exact",
        "morr_aug_2020",
        "returns from Iran through Milak (Nimroz), 24 Saratan - 24 Asad 1399 "
        "(voluntary and deported together)",
    ),
    (
        "2025-06-01",
        "2025-07-05",
        "",
        "IRN",
        "AFG",
        "all returns",
        449218,
        "exact",
        "iom_afp_jul_2025",
        "'From June 1 to July 5, 449,218 Afghans returned from Iran' (IOM spokesman to AFP)",
    ),
    (
        "2025-01-01",
        "2025-07-05",
        "",
        "IRN",
        "AFG",
        "all returns",
        906326,
        "exact",
        "iom_afp_jul_2025",
        "'the total for the year so far was 906,326' (returns from Iran, 2025 to 5 July)",
    ),
    (
        "2025-06-22",
        "2025-07-13",
        "",
        "IRN",
        "AFG",
        "all returns",
        574241,
        "exact",
        "herat_jul_2025",
        "'in the last 22 days' to Sunday 13 July 2025 (the first day is not named; counted back 22 days); "
        "234,907 returned voluntarily and 339,334 were deported; on 13 July alone 21,037 (7,775 and 13,262). "
        "The crossing is not named (the speaker is Herat's, whose crossing is Islam Qala)",
    ),
]

# --- stocks --------------------------------------------------------------------
# (date, country, province, district, population_type, count, precision, cite key, notes)
STOCK_ROWS: list[tuple[str, str, str, str, str, int, str, str, str]] = [
    (
        "2017-12-31",
        "PAK",
        "",
        "",
        "refugees",
        1393100,
        "rounded",
        "unhcr_yer_2017",
        "'some 1,393,100' registered refugees at year end (almost all from Afghanistan)",
    ),
    (
        "2018-12-31",
        "PAK",
        "",
        "",
        "PoR card holders",
        1400235,
        "exact",
        "unhcr_fs_dec_2018",
        "Afghan refugee Proof of Registration (PoR) cardholders",
    ),
    (
        "2018-12-31",
        "PAK",
        "",
        "",
        "refugees",
        3286,
        "exact",
        "unhcr_fs_dec_2018",
        "Afghan mandated refugees without PoR cards",
    ),
    (
        "2023-06-30",
        "PAK",
        "Khyber Pakhtunkhwa",
        "",
        "PoR card holders",
        735800,
        "exact",
        "tribune_jun_2023",
        "stated as 52.6% of the total, but it is 53.8% of the six provinces' sum, while the other five "
        "figures match their stated shares: one of the report's numbers is misprinted; kept as printed. "
        "The repost calls them 'illegal Afghans'; the figures match UNHCR's registered (PoR) refugees "
        "(over 52% in Khyber Pakhtunkhwa, UNHCR)",
    ),
    (
        "2023-06-30",
        "PAK",
        "Balochistan",
        "",
        "PoR card holders",
        321677,
        "exact",
        "tribune_jun_2023",
        "24.1% of the total",
    ),
    (
        "2023-06-30",
        "PAK",
        "Punjab",
        "",
        "PoR card holders",
        191053,
        "exact",
        "tribune_jun_2023",
        "14.3% of the total",
    ),
    (
        "2023-06-30",
        "PAK",
        "Sindh",
        "",
        "PoR card holders",
        73789,
        "exact",
        "tribune_jun_2023",
        "5.5% of the total",
    ),
    (
        "2023-06-30",
        "PAK",
        "Islamabad Capital Territory",
        "",
        "PoR card holders",
        41520,
        "exact",
        "tribune_jun_2023",
        "3.1% of the total; the report says 'Islamabad' (named as in the bundled provinces)",
    ),
    (
        "2023-06-30",
        "PAK",
        "Azad Kashmir",
        "",
        "PoR card holders",
        4352,
        "exact",
        "tribune_jun_2023",
        "0.3% of the total; the report says 'Azad Jammu and Kashmir' (named as in the bundled provinces)",
    ),
    (
        "2023-11-09",
        "PAK",
        "",
        "",
        "PoR card holders",
        1304000,
        "rounded",
        "nation_nov_2023",
        "'1.304 million registered Afghan refugees' (DRIVE 2021-22), an official source to The Nation",
    ),
    (
        "2023-11-09",
        "PAK",
        "",
        "",
        "other",
        145716,
        "exact",
        "nation_nov_2023",
        "unregistered members of registered families (UMRF) identified by DRIVE, recognised as refugees by UNHCR",  # noqa: E501
    ),
]

# --- totals stated by the reports ------------------------------------------------
# (cite key, what, period_start, period_end, population_type(s) joined by "+", crossings summed,
#  stated total, how compared: "equal", "at least", "within 1"; "days": the daily rows in the period;
#  "types": several types)
TOTALS: list[tuple[str, str, str, str, str, tuple[str, ...], int, str]] = [
    (
        "iom_jun_2021",
        "23 May - 5 June 2021, two crossings (764)",
        "2021-05-23",
        "2021-06-05",
        "undocumented return",
        (T, C),
        764,
        "equal",
    ),
    (
        "iom_jul1_2021",
        "20 June - 3 July 2021, two crossings (463)",
        "2021-06-20",
        "2021-07-03",
        "undocumented return",
        (T, C),
        463,
        "equal",
    ),
    (
        "iom_q2_2024",
        "April-June 2024, returns and deportations (102,353)",
        "2024-04-01",
        "2024-06-30",
        "all returns+deportation",
        ("",),
        102353,
        "types",
    ),
    (
        "morr_aug_2020",
        "14 July - 14 August 2020 from Iran, Islam Qala and Milak (63,519)",
        "2020-07-14",
        "2020-08-14",
        "all returns",
        ("islam-qala", "milak"),
        63519,
        "equal",
    ),
    (
        "unhcr_bmu_aug1_2020",
        "week of 9-15 August 2020 from Pakistan (44)",
        "2020-08-09",
        "2020-08-15",
        "undocumented return+deportation",
        ("",),
        44,
        "types",
    ),
    (
        "unhcr_bmu_sep1_2020",
        "week of 6-12 September 2020 from Pakistan (568)",
        "2020-09-06",
        "2020-09-12",
        "undocumented return+deportation",
        ("",),
        568,
        "types",
    ),
    (
        "unhcr_bmu_oct1_2020",
        "week of 27 September - 3 October 2020 from Pakistan (132)",
        "2020-09-27",
        "2020-10-03",
        "undocumented return+deportation",
        ("",),
        132,
        "types",
    ),
    (
        "unhcr_bmu_oct_2020",
        "week of 25-31 October 2020 from Pakistan (89)",
        "2020-10-25",
        "2020-10-31",
        "undocumented return+deportation",
        ("",),
        89,
        "types",
    ),
    (
        "pajhwok_apr_2020",
        "Spin Boldak, 7-10 April 2020 (38,751 in four days)",
        "2020-04-07",
        "2020-04-10",
        "other",
        (C,),
        38751,
        "days",
    ),
    (
        "unhcr_bmu_aug3_2020",
        "week of 23-29 August 2020 from Pakistan (904)",
        "2020-08-23",
        "2020-08-29",
        "undocumented return+deportation",
        ("",),
        904,
        "types",
    ),
    (
        "unhcr_bmu_sep2_2020",
        "week of 20-26 September 2020 from Pakistan (231)",
        "2020-09-20",
        "2020-09-26",
        "undocumented return+deportation",
        ("",),
        231,
        "types",
    ),
    (
        "kp_nov19_2023",
        "KP, 17 Sep - 19 Nov 2023",
        "2023-09-17",
        "2023-11-19",
        "undocumented return",
        (T, "angoor-adda", "kharlachi"),
        227239,
        "equal",
    ),
    (
        "kp_dec02_2023",
        "KP, to 2 Dec 2023 (stated total 1 above the sum)",
        "2023-09-17",
        "2023-12-02",
        "undocumented return",
        (T, "angoor-adda", "kharlachi"),
        253068,
        "within 1",
    ),
    (
        "kp_dec12_2023",
        "KP, to 12 Dec 2023 (stated total 1 above the sum)",
        "2023-09-17",
        "2023-12-12",
        "undocumented return",
        (T, "angoor-adda", "kharlachi"),
        261723,
        "within 1",
    ),
    (
        "kp_dec19_2023",
        "KP, to 19 Dec 2023 (stated total 1 above the sum)",
        "2023-09-17",
        "2023-12-19",
        "undocumented return",
        (T, "angoor-adda", "kharlachi"),
        267528,
        "within 1",
    ),
    (
        "kp_dec27_2023",
        "KP, to 27 Dec 2023 (stated total 1 above the sum)",
        "2023-09-17",
        "2023-12-27",
        "undocumented return",
        (T, "angoor-adda", "kharlachi"),
        271503,
        "within 1",
    ),
    (
        "iom_q2_2023",
        "April-June 2023, two crossings",
        "2023-04-01",
        "2023-06-30",
        "undocumented return",
        (T, C),
        24822,
        "equal",
    ),
    (
        "iom_jul2_2023",
        "16-31 July 2023, two crossings",
        "2023-07-16",
        "2023-07-31",
        "undocumented return",
        (T, C),
        3200,
        "equal",
    ),
    (
        "iom_q3_2023",
        "July-September 2023, two crossings",
        "2023-07-01",
        "2023-09-30",
        "undocumented return",
        (T, C),
        39176,
        "equal",
    ),
    (
        "who_nov_2023",
        "15 September - 11 November 2023",
        "2023-09-15",
        "2023-11-11",
        "all returns",
        (T, C),
        327400,
        "equal",
    ),
    (
        "afp_oct_2023",
        "October 2023 ('more than 165,000')",
        "2023-10-01",
        "2023-10-31",
        "all returns",
        (T, C),
        165000,
        "at least",
    ),
    (
        "iom_may_2022",
        "7-20 May 2022",
        "2022-05-07",
        "2022-05-20",
        "undocumented return",
        (T, C),
        5147,
        "equal",
    ),
    (
        "iom_nov_2022",
        "5-18 November 2022",
        "2022-11-05",
        "2022-11-18",
        "undocumented return",
        (T, C),
        2115,
        "equal",
    ),
    (
        "iom_oct_2021",
        "26 September - 9 October 2021",
        "2021-09-26",
        "2021-10-09",
        "undocumented return",
        (T, C),
        2115,
        "equal",
    ),
    (
        "iom_feb_2020",
        "16-29 February 2020",
        "2020-02-16",
        "2020-02-29",
        "undocumented return",
        (T, C),
        596,
        "equal",
    ),
    (
        "iom_mar_2018",
        "25 February - 3 March 2018",
        "2018-02-25",
        "2018-03-03",
        "undocumented return",
        (T, C),
        481,
        "equal",
    ),
]
STOCK_TOTALS: list[tuple[str, str, str, int, float]] = [
    # (cite key, date, population_type, stated total, relative tolerance) — "1.3 million" PoR, June 2023
    ("tribune_jun_2023", "2023-06-30", "PoR card holders", 1_300_000, 0.1),
]

LEFT_OUT = [
    "Month-by-month returns by crossing from November 2023 onward: no stored report read gives them "
    "(IOM/UNHCR flash updates and DTM bi-weekly reports after October 2023 were found only as summaries "
    "without a split by crossing)",
    "Destination provinces in Afghanistan: reports give shares (e.g. Nangarhar 25%), not counts",
    "Refugee stocks by district: no published district table was found",
    "Province figures of SAFRON (816,345 in Khyber Pakhtunkhwa ...) and of Mashriq TV: the copies read "
    "carry no date",
    "Iran: month by month by crossing (Islam Qala, Milak) only for 14 July - 14 August 2020; national "
    "counts for 2025",
]


def _date(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{where}: {text!r} is not an ISO date"
        raise SystemExit(msg) from None


def _counts_toward(
    row: tuple, key: str, start: str, end: str, ptype: str, crossings: tuple, how: str
) -> bool:
    """Whether a flow row is one of those a stated total adds up.

    ``ptype`` may join several types with ``+``; with ``how == "days"`` the
    daily rows inside ``start``-``end`` are added, otherwise the rows of
    exactly that period.
    """
    if row[8] != key or row[5] not in ptype.split("+") or row[2] not in crossings:
        return False
    if how == "days":
        return start <= row[0] == row[1] <= end
    return row[0] == start and row[1] == end


def _check() -> None:
    for key, (publisher, title, date, url) in CITE.items():
        _date(date, f"citation {key}")
        if not (publisher and title and url.startswith(("http://", "https://"))):
            raise SystemExit(f"citation {key} lacks a publisher, title or URL")
    for i, (start, end, crossing, frm, to, ptype, count, prec, key, _notes) in enumerate(FLOW_ROWS, 1):
        where = f"flow row {i}"
        if _date(start, where) > _date(end, where):
            raise SystemExit(f"{where}: period_start {start} after period_end {end}")
        if crossing not in CROSSINGS or ptype not in POPULATION_TYPES or prec not in PRECISIONS:
            raise SystemExit(f"{where}: bad crossing, population_type or precision")
        if key not in CITE or count < 0 or frm not in ("PAK", "IRN", "") or to != "AFG":
            raise SystemExit(f"{where}: bad citation, count or countries")
    for i, row in enumerate(STOCK_ROWS, 1):
        _date(row[0], f"stock row {i}")
        if row[4] not in STOCK_TYPES or row[6] not in PRECISIONS or row[7] not in CITE:
            raise SystemExit(f"stock row {i}: bad population_type, precision or citation")
    for key, what, start, end, ptype, crossings, stated, how in TOTALS:
        got = sum(r[6] for r in FLOW_ROWS if _counts_toward(r, key, start, end, ptype, crossings, how))
        ok = {"at least": got >= stated, "within 1": abs(got - stated) <= 1}.get(how, got == stated)
        if not ok:
            raise SystemExit(f"total {what} ({key}): rows add up to {got:,}, the report states {stated:,}")
    for key, date, ptype, stated, tol in STOCK_TOTALS:
        got = sum(r[5] for r in STOCK_ROWS if r[7] == key and r[0] == date and r[4] == ptype)
        if abs(got - stated) > tol * stated:
            raise SystemExit(f"stock total {key}: rows add up to {got:,}, the report states {stated:,}")


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def build() -> tuple[str, str]:
    """Check the rows and totals; return the text of flows.csv and stocks.csv."""
    _check()
    flows = []
    for start, end, crossing, frm, to, ptype, count, prec, key, notes in sorted(
        FLOW_ROWS, key=lambda r: (r[0], r[1], r[2], r[5], r[3])
    ):
        publisher, _title, date, url = CITE[key]
        extra = CITE_DATE_NOTES.get(key)
        note = f"{notes}; citation date: {extra}" if extra else notes
        flows.append(
            [
                start,
                end,
                crossing,
                frm,
                to,
                "",
                "",
                "",
                "",
                ptype,
                str(count),
                prec,
                publisher,
                url,
                date,
                cite(key),
                note,
            ]
        )
    stocks = []
    for date, country, province, district, ptype, count, prec, key, notes in sorted(
        STOCK_ROWS, key=lambda r: (r[0], r[1], r[2], r[4])
    ):
        publisher, _title, _date_pub, url = CITE[key]
        extra = CITE_DATE_NOTES.get(key)
        note = f"{notes}; citation date: {extra}" if extra else notes
        stocks.append(
            [date, country, province, district, ptype, str(count), prec, publisher, url, cite(key), note]
        )
    return _csv(FLOW_COLUMNS, flows), _csv(STOCK_COLUMNS, stocks)


def main() -> None:
    from borderkit._atomic import write_text
    from borderkit.geo._data import record_files

    flows, stocks = build()
    write_text(FLOWS, flows)
    write_text(STOCKS, stocks)
    common = {
        "source": {"package": "scripts/build_flows.py", "registry": "curated", "version": "1"},
        "publisher": "borderkit, from the cited public reports in each row",
        "licence": "CC BY 4.0 (compilation); facts from the cited reports",
        "retrieved": ACCESSED,
    }
    record_files(
        DATA,
        {
            FLOWS.name: {
                **common,
                "title": "Returns to Afghanistan from Pakistan (and Iran) by crossing and nationally (curated, cited)",  # noqa: E501
                "as_of": max(r[1] for r in FLOW_ROWS),
                "attribution": "Afghan returns: borderkit curation of IOM, UNHCR, OCHA and government figures",  # noqa: E501
                "notes": (
                    f"{len(FLOW_ROWS)} counts of returns to Afghanistan, each citing its report (publisher, "
                    "title, date, URL). Periods overlap (quarter and fortnight; cumulative since 15 September "  # noqa: E501
                    "2023): the analysis keeps the finest rows. Left out: " + "; ".join(LEFT_OUT)
                ),
            },
            STOCKS.name: {
                **common,
                "title": "Afghan refugees in Pakistan, nationally and by province (curated, cited)",
                "as_of": max(r[0] for r in STOCK_ROWS),
                "attribution": "Afghan refugees in Pakistan: borderkit curation of UNHCR and government figures",  # noqa: E501
                "notes": f"{len(STOCK_ROWS)} population figures at a date, each citing its report.",
            },
        },
    )
    print(
        f"{FLOWS.relative_to(ROOT)}: {len(FLOW_ROWS)} rows; {STOCKS.relative_to(ROOT)}: {len(STOCK_ROWS)} rows"  # noqa: E501
    )


if __name__ == "__main__":
    main()
