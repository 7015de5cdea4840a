"""Write extractor/data/regions.tsv: China's provinces, cities and counties with their codes.

    .venv/bin/pip install jionlp && .venv/bin/python scripts/make_regions.py

The source is JioNLP's `dictionary/china_location.txt` (Apache License 2.0,
https://github.com/dongrixinyu/JioNLP), an indented list of divisions with
their GB/T 2260 codes and short names. Only the first three levels are kept:
code, level, full name, short name, parent code.
"""

from __future__ import annotations

from pathlib import Path

import jionlp

SOURCE = Path(jionlp.__file__).parent / "dictionary" / "china_location.txt"
TARGET = Path(__file__).resolve().parent.parent / "extractor" / "data" / "regions.tsv"
LEVELS = ("province", "city", "county")


def main() -> None:
    rows, parents = [], {}
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth >= len(LEVELS) or len(fields) < 3:
            continue
        name, code, short = fields[:3]
        parents[depth] = code
        rows.append((code, LEVELS[depth], name, short, parents[depth - 1] if depth else ""))
    header = "# provinces, cities and counties with GB/T 2260 codes; from JioNLP china_location.txt (Apache-2.0)\n"
    TARGET.write_text(header + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{TARGET}: {len(rows)} divisions")


if __name__ == "__main__":
    main()
