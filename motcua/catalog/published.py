"""The published procedure list of the Sở GDĐT shipped in data/ (real data, unknowns kept
unknown). The demo fills its unknowns with marked demo values (motcua.demo.catalog)."""

import json
from pathlib import Path

from django.conf import settings

from motcua.catalog.importing import Located
from motcua.catalog.records import from_published

PUBLISHED_FILE = "procedures-sgddt.json"


def published_records(path: Path | None = None) -> list[Located]:
    """The published procedure list shipped in data/, as records (unknowns kept unknown)."""
    path = path or Path(settings.MOTCUA_DATA_DIR) / PUBLISHED_FILE
    items = json.loads(path.read_text(encoding="utf-8"))
    return [
        Located(f"Thủ tục {item.get('code') or item.get('name')}", from_published(item))
        for item in items
    ]
