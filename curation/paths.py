"""Where the project's plain files live: package data of `curation`, read with importlib.resources.

    curation/sql/          schema.sql, views/, examples/
    curation/configs/      pipeline.yaml, sources/, mixtures/, languages.csv (the registry), train/, ...
    curation/sample_data/  the bundled sample

They ship inside the wheel, so an installed mlcurate (not only an editable one) finds them; in a
checkout the top-level `sql/` and `configs/` are links to these folders, so documented paths such
as `configs/sources/udhr.yaml` keep working from the repository root.
"""

from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(str(files("curation")))
REPO_ROOT = PACKAGE_DIR.parent  # a checkout's root (editable install); site-packages otherwise
SQL_DIR = PACKAGE_DIR / "sql"
CONFIGS_DIR = PACKAGE_DIR / "configs"
SAMPLE_DATA_DIR = PACKAGE_DIR / "sample_data"
DEFAULT_REGISTRY = CONFIGS_DIR / "languages.csv"
