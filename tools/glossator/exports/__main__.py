"""``python -m glossator.exports --write-schema``: regenerate the committed archive schema.

Run it after changing :mod:`glossator.model`, review the diff, and raise
:data:`glossator.exports.archive_json.SCHEMA_VERSION` if an old reader would misread the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from glossator.exports.archive_json import SCHEMA_FILE, generate_schema
from glossator.exports.serialize import dumps


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--write-schema"]:
        print("usage: python -m glossator.exports --write-schema", file=sys.stderr)
        return 2
    target = Path(__file__).resolve().parents[1] / "schemas" / SCHEMA_FILE
    target.write_text(dumps(generate_schema()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
