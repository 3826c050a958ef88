"""Take the README's screenshot of the default map: docs/screenshot.png, 1400x900.

Writes the default map (self-contained, as `borderkit map` does), opens it in
Debian's Chromium through Playwright and saves a PNG. The network is blocked
unless --tiles is given, so by default the picture shows what the map draws
from the bundled data alone, with no base tiles; with --tiles (online) the
OpenStreetMap tiles show beneath.

    python scripts/screenshot.py
    python scripts/screenshot.py --tiles --out docs/screenshot.png
    python scripts/screenshot.py --map out/durand_line.html --out /tmp/shot.png

Needs /usr/bin/chromium (apt-get install chromium) and the playwright package
(pip install -e '.[test]'); Playwright's own browser download is not used.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshot(html: Path, out: Path, *, chromium: Path, tiles: bool, width: int, height: int) -> Path:
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            if not tiles:
                context.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
                )
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
            if tiles:
                page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # let the last paths and tiles paint
            page.screenshot(path=str(out))
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    parser.add_argument("--map", type=Path, help="an HTML map to shoot (default: write the default map)")
    parser.add_argument("--tiles", action="store_true", help="let the base tiles load (needs the network)")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    if not args.chromium.is_file():
        print(f"no Chromium at {args.chromium}: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        html = args.map
        if html is None:
            import borderkit as bk

            html = bk.save_html(bk.make_map(), Path(tmp) / "durand_line.html")
        path = screenshot(
            html, args.out, chromium=args.chromium, tiles=args.tiles, width=args.width, height=args.height
        )
    print(f"Screenshot written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
