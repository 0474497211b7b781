"""
The seeded 标准目录: what each area must publish, on what basis, by whom, how fast.

The data is one YAML file per domain, catalogue/data/<domain code>.yaml: a list of entries in display
order, each naming its legal basis and source (the 2018 implementation plans in /work/shared/seeds:
克州 seed 002 §四 for the content lists and §五 for time limits; 芒市 seed 000 for the 9th project
category 项目监管信息; 王益区 seed 003 and 乳山 seed 004 for the general 20-working-day rule and the
channels). Keys an entry leaves out take the values in DEFAULTS.

Loaded by migration 0002_seed_catalogue (and by the tests after a flush); the office edits the rows in
the admin afterwards, so changing a file does not change an existing database.
"""

import functools
from pathlib import Path

import yaml

# libyaml's loader when PyYAML was built with it (about ten times faster), else the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).resolve().parent / "data"

DEFAULTS = {
    "limit_kind": "general",
    "limit_days": None,
    "limit_hours": None,
    "limit_basis": "",
    "item_types": [],
    "decision_type": "",
    "channels": "政府网站",
    "audience": "public",
    "mode": "active",
    "retention": "years_30",  # 定期30年 unless an entry says otherwise (catalogue.choices.Retention)
}
REQUIRED_KEYS = ("code", "category", "level1", "level2", "content", "basis", "subject")


def data_files() -> list[Path]:
    """The domains' data files, in name order (the order the rows are created in)."""
    return sorted(DATA_DIR.glob("*.yaml"))


def seed_entries() -> list[dict]:
    """Every entry of every data file as written, with its `domain` (the file's name) first."""
    return [{"domain": path.stem, **entry} for path in data_files() for entry in _read(path)]


@functools.cache
def _read(path: Path) -> tuple[dict, ...]:
    """A data file's entries, read once per process (the files do not change while it runs; every
    caller gets fresh dicts from seed_entries, so nobody can alter the cached ones)."""
    return tuple(yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER))


def load_seed(model=None) -> int:
    """Insert the seeded entries whose codes are missing (the office's edits are kept). Returns how many."""
    if model is None:
        # The migration passes its historical model; importing the real one at module level would
        # need the app registry before the migration runs.
        from catalogue.models import CatalogueEntry as model
    existing = set(model.objects.values_list("code", flat=True))
    # An earlier migration passes a historical model without the keys later migrations added.
    fields = {field.name for field in model._meta.concrete_fields}
    position: dict[str, int] = {}
    rows = []
    for entry in seed_entries():
        # Sequential within each domain, in steps of 10 so the office can insert between rows.
        position[entry["domain"]] = position.get(entry["domain"], 0) + 10
        if entry["code"] not in existing:
            values = {**DEFAULTS, **entry, "ordering": position[entry["domain"]]}
            rows.append(model(**{name: value for name, value in values.items() if name in fields}))
    model.objects.bulk_create(rows)
    return len(rows)
