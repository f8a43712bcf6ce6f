"""Where the project's plain files live (SQL, configs, the bundled sample).

mlcurate is installed editable (`pip install -e .`), so the top-level `sql/` and `configs/`
folders sit beside the `curation` package.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SQL_DIR = REPO_ROOT / "sql"
CONFIGS_DIR = REPO_ROOT / "configs"
SAMPLE_DATA_DIR = PACKAGE_DIR / "sample_data"
DEFAULT_REGISTRY = CONFIGS_DIR / "languages.csv"
