"""HTML report cost on a ~1 MB French input: render time beyond the check, and output size.

Targets (issue #7): rendering under 10 s beyond the check itself; the page under 5x the input.
The input is synthesised from the seed article repeated with variations (numbers shifted,
paragraphs rotated, a numbered title), so the finding density is the seed's, a worst case for
the page size.  Usage: ``.venv/bin/python bench/bench_html.py [--size BYTES] [--select CODES]``.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from mtaudit.audit import audit
from mtaudit.core.config import Config
from mtaudit.ingest.read import read_source
from mtaudit.report.html import render_html, write_html

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_dbb060e02b12dbea.txt"


def synthesise(size: int) -> str:
    paragraphs = SEED.read_text(encoding="utf-8").strip().split("\n")
    parts: list[str] = []
    total, copy = 0, 0
    while total < size:
        shift = copy % len(paragraphs)
        body = paragraphs[shift:] + paragraphs[:shift]
        body = [re.sub(r"\d", lambda m, c=copy: str((int(m.group()) + c) % 10), p) for p in body]
        chunk = f"Article {copy + 1}\n\n" + "\n\n".join(body) + "\n\n"
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        copy += 1
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="input size in bytes")
    parser.add_argument("--select", default="", help="rule code prefixes (default: all rules)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source_path = Path(tmp) / "big.txt"
        source_path.write_text(synthesise(args.size), encoding="utf-8")
        input_bytes = source_path.stat().st_size
        select = tuple(c.strip().upper() for c in args.select.split(",") if c.strip())
        t0 = time.perf_counter()
        report = audit(read_source(str(source_path)), Config(translator="none", select=select))
        t_check = time.perf_counter() - t0
        t1 = time.perf_counter()
        page = render_html(report)
        t_render = time.perf_counter() - t1
        t2 = time.perf_counter()
        out = Path(write_html([report], str(Path(tmp) / "big.html")))
        t_write = time.perf_counter() - t2
        output_bytes = out.stat().st_size
    print(f"input: {input_bytes:,} bytes, {len(report.document.segments):,} segments, "
          f"{len(report.findings):,} findings")
    print(f"check (audit, not counted): {t_check:.2f} s")
    print(f"render_html: {t_render:.2f} s · write_html (render + write): {t_write:.2f} s "
          f"(target < 10 s)")
    print(f"output: {output_bytes:,} bytes = {output_bytes / input_bytes:.2f}x input "
          f"(target < 5x; rendered page {len(page.encode('utf-8')):,} bytes)")


if __name__ == "__main__":
    main()
