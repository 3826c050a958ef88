"""Compare two map HTML files, ignoring folium's random element ids.

Folium names every element ``<kind>_<32 hex digits>`` (``map_3f0c...``,
``geo_json_a91b...``) from ``os.urandom``, so two renderings of the same map
differ in those ids and nowhere else. :func:`normalise` renames each id, in
order of first appearance, to ``<n>`` zero-padded to 32 digits (so the text
keeps its length); two maps are the same map when their normalised texts are
equal.

    python scripts/compare_maps.py before.html after.html

Exit status 0 when they are the same; 1, with the first difference, when not.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# folium/branca ids: 32 lowercase hex digits (hexlify(urandom(16))), not part of a longer hex run.
ELEMENT_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def normalise(text: str) -> str:
    """Return ``text`` with each element id replaced by its rank of first appearance (zero-padded)."""
    seen: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return seen.setdefault(m.group(0), f"{len(seen):032d}")

    return ELEMENT_ID.sub(rename, text)


def first_difference(a: str, b: str, *, context: int = 80) -> str | None:
    """Return where ``a`` and ``b`` first differ (offset, line and both texts around it), or None."""
    if a == b:
        return None
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    line = a.count("\n", 0, i) + 1
    lo = max(i - context, 0)
    return (
        f"first difference at character {i:,} (line {line}); lengths {len(a):,} and {len(b):,}\n"
        f"  a: {a[lo : i + context]!r}\n  b: {b[lo : i + context]!r}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="one map's HTML file")
    parser.add_argument("b", type=Path, help="the other's")
    args = parser.parse_args(argv)
    texts = [normalise(p.read_text(encoding="utf-8")) for p in (args.a, args.b)]
    diff = first_difference(*texts)
    if diff is None:
        print(f"{args.a} and {args.b} are the same map (but for folium's element ids)")
        return 0
    print(diff)
    return 1


if __name__ == "__main__":
    sys.exit(main())
