"""The example notebook, examples/durand_line.ipynb: stored clean, and runs top to bottom offline.

The notebook is executed with nbclient in a fresh IPython kernel. The kernel
runs this interpreter (``sys.executable``, so the borderkit under test): its
kernelspec is written into a temporary folder and handed to the kernel
manager, so neither a ``python3`` kernelspec of the user's nor their Jupyter
or IPython configuration is used or touched. Warnings raised inside the
kernel are not pytest's (``filterwarnings = error`` does not reach the
kernel process); the test fails on any warning the notebook prints instead.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO_ROOT / "examples" / "durand_line.ipynb"
SHARED_REAL = Path(os.environ.get("BORDERKIT_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data" / "real")
CELL_TIMEOUT_S = 120
PUBLISHED_KM = (2611, 2670)  # ISPR's 2,611 km to 2,670 km (README, "How long is the Durand Line?")


def _read() -> Any:
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4)


def _kernel_manager(tmp: Path) -> Any:
    """An nbclient-ready kernel manager whose ``python3`` kernel runs ``sys.executable``."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    kernels = tmp / "kernels"
    write_kernel_spec(kernels / "python3")  # argv: [sys.executable, "-m", "ipykernel_launcher", ...]
    specs = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
    (tmp / "runtime").mkdir(exist_ok=True)
    return AsyncKernelManager(
        kernel_name="python3",
        kernel_spec_manager=specs,
        connection_file=str(tmp / "runtime" / "kernel.json"),
    )


def _cell(nb: Any, cell_id: str) -> Any:
    found = [cell for cell in nb.cells if cell.get("id") == cell_id]
    assert len(found) == 1, f"the notebook has {len(found)} cells with id {cell_id!r}, not 1"
    return found[0]


def _text(cell: Any, *, name: str = "stdout") -> str:
    streams = [out for out in cell.outputs if out.output_type == "stream" and out.name == name]
    return "".join(out.text for out in streams)


def _data(cell: Any, mime: str) -> list[str]:
    return [
        out.data[mime]
        for out in cell.outputs
        if out.output_type in ("execute_result", "display_data") and mime in out.data
    ]


def test_notebook_is_stored_clean() -> None:
    nb = _read()
    assert nb.metadata.kernelspec.name == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    dirty = [cell.id for cell in code if cell.outputs or cell.execution_count is not None]
    assert not dirty, f"cells stored with outputs or execution counts: {dirty}; clear them before committing"


@dataclass
class Executed:
    nb: Any
    work: Path
    kernel_python: str


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Executed]:
    """The notebook, run top to bottom in a fresh kernel, offline (once for the tests below)."""
    tmp_path = tmp_path_factory.mktemp("notebook")
    with pytest.MonkeyPatch.context() as monkeypatch:
        # The kernel inherits this environment: keep its caches and runtime files in tmp_path,
        # use no Jupyter or IPython configuration of the user's, and forbid the network.
        # JUPYTER_PLATFORM_DIRS=1 also spares jupyter_core's DeprecationWarning about its paths.
        for name, folder in [
            ("JUPYTER_CONFIG_DIR", "jupyter-config"),
            ("JUPYTER_DATA_DIR", "jupyter-data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
            ("BORDERKIT_CACHE_DIR", "borderkit-cache"),
        ]:
            monkeypatch.setenv(name, str(tmp_path / folder))
        monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        monkeypatch.setenv("BORDERKIT_OFFLINE", "1")
        monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws the figure
        if SHARED_REAL.is_dir():  # the cells that read real files find them here
            monkeypatch.setenv("BORDERKIT_SHARED_DATA", str(SHARED_REAL))
        else:
            monkeypatch.delenv("BORDERKIT_SHARED_DATA", raising=False)
        from nbclient import NotebookClient

        work = tmp_path / "work"
        work.mkdir()
        nb = _read()
        km = _kernel_manager(tmp_path)
        client = NotebookClient(
            nb,
            km=km,
            timeout=CELL_TIMEOUT_S,
            startup_timeout=60,
            resources={"metadata": {"path": str(work)}},  # the kernel's working folder
        )
        # Raises CellExecutionError, naming the cell, with its traceback, if a cell fails. nbclient
        # leaves a kernel manager it was given running; cleanup_kc=True has it shut the kernel down
        # and close its sockets (else they are left for the garbage collector: ResourceWarnings).
        client.execute(cleanup_kc=True)
        yield Executed(nb=nb, work=work, kernel_python=km.kernel_spec.argv[0])


@pytest.mark.slow
def test_notebook_runs_offline_on_the_bundled_data(executed: Executed) -> None:
    nb, work = executed.nb, executed.work
    errors = [cell.id for cell in nb.cells if any(o.output_type == "error" for o in cell.get("outputs", []))]
    assert not errors
    warned = {cell.id: _text(cell, name="stderr") for cell in nb.cells if cell.cell_type == "code"}
    warned = {cell_id: text for cell_id, text in warned.items() if text}
    assert not warned, f"cells wrote to stderr (warnings?): {warned}"

    # The kernel ran this interpreter, offline.
    assert executed.kernel_python == sys.executable
    assert "offline: True" in _text(_cell(nb, "setup"))

    # The border length, printed as "Durand Line: 2,658.0 km (geodesic, WGS84), ...".
    printed = _text(_cell(nb, "border-length"))
    match = re.search(r"Durand Line: ([\d,]+\.\d) km \(geodesic, WGS84\)", printed)
    assert match, printed
    length_km = float(match.group(1).replace(",", ""))
    assert PUBLISHED_KM[0] <= length_km <= PUBLISHED_KM[1]

    # The crossings table shows the citations; each side of the per-province table adds up to the line.
    (crossings_html,) = _data(_cell(nb, "crossings"), "text/html")
    for column in ("coord_source", "status_source", "kind_source", "Torkham"):
        assert column in crossings_html
    (sums,) = _data(_cell(nb, "by-unit-sum"), "text/plain")
    for side in ("AFG", "PAK"):
        assert re.search(rf"{side}\s+{length_km:.1f}\n", sums), sums

    # Events per corridor, the elevation plot (a PNG from matplotlib) and the map, inline and saved.
    assert "nawa-pass--torkham" in _data(_cell(nb, "by-segment"), "text/html")[0]
    assert "ETOPO5 (about 9 km cells)" in _text(_cell(nb, "profile"))
    assert _data(_cell(nb, "profile"), "image/png")
    (map_html,) = _data(_cell(nb, "map"), "text/html")
    assert "<iframe" in map_html
    saved = work / "out" / "durand_line.html"
    assert saved.is_file()
    assert f"to {saved.parent}" in _text(_cell(nb, "save-map"))
    assert "Durand Line" in saved.read_text(encoding="utf-8")

    # What the README says the notebook walks through.
    assert "25 km disc area" in _text(_cell(nb, "reach"))
    assert "km_to_nearest_crossing.tif" in _text(_cell(nb, "raster"))
    assert (work / "out" / "km_to_nearest_crossing.tif").is_file()
    assert _data(_cell(nb, "figure"), "image/png")
    assert (work / "out" / "durand_line.png").is_file()
    assert (work / "out" / "durand_line.gpkg").is_file()
    assert "credited: GeoNames" in _text(_cell(nb, "own-layer"))
    # Returns through each crossing since October 2023, and around each closure (issue 12 §5).
    import borderkit as bk

    flows = bk.load_flows()
    october = flows[(flows.crossing_id == "torkham") & (flows.period_start == "2023-10-01")]
    since = _data(_cell(nb, "flows-since"), "text/html")[0]
    assert f"{int(october['count'].iloc[0])}" in since
    assert "torkham" in since
    closures = _data(_cell(nb, "closures"), "text/html")[0]
    assert "2023-09-06" in closures
    assert "partial_rows" in closures
    for cell_id in ("flows-map", "both-borders"):
        assert "<iframe" in _data(_cell(nb, cell_id), "text/html")[0]
    assert "Afghanistan-Iran border:" in _text(_cell(nb, "west"))
    assert (work / "out" / "afghanistan_borders.html").is_file()
    if SHARED_REAL.is_dir():
        assert "UCDP GED events" in _text(_cell(nb, "real-events"))
        assert "HREA settlement population" in _text(_cell(nb, "reach"))
    else:
        assert "skipped" in _text(_cell(nb, "real-events"))


def test_notebook_uses_bk_names() -> None:
    code = "\n".join(cell.source for cell in _read().cells if cell.cell_type == "code")
    assert "import borderkit as bk" in code
    assert not re.search(r"\bborderkit\.(geo|maps|layers)\b|from borderkit", code)


@pytest.mark.slow
@pytest.mark.browser
def test_inline_map_renders_in_chromium_with_the_network_blocked(executed: Executed, tmp_path: Path) -> None:
    """The executed notebook's inline map (an iframe page) works with no network at all."""
    chromium = Path(os.environ.get("BORDERKIT_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.is_file():
        pytest.skip(f"no Chromium at {chromium}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install -e '.[test]'")
    (shown,) = _data(_cell(executed.nb, "map"), "text/html")
    page_html = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    path = tmp_path / "inline.html"
    path.write_text(f"<!DOCTYPE html><html><body>{shown}</body></html>", encoding="utf-8")
    assert "L.map(" in page_html
    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 800})

            def route(r: Any) -> None:
                if r.request.url.startswith(("file:", "data:", "about:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri(), wait_until="load")
            frame = page.frames[1]  # the map's iframe (srcdoc), as Jupyter shows it
            frame.wait_for_function(
                "() => typeof L === 'object'"
                " && document.querySelectorAll('.leaflet-overlay-pane path').length > 50",
                timeout=30_000,
            )
            frame.wait_for_function("() => Object.values(window.borderkitEvents || {}).some(s => s.ready)")
            assert frame.locator(".borderkit-time-slider").is_visible()
            assert frame.locator(".leaflet-control-minimap path").count() >= 2
        finally:
            browser.close()
    assert errors == []
    # Only base tiles were asked of the network: every script and style is in the page.
    assert all("tile.openstreetmap.org" in u for u in blocked), blocked[:5]
