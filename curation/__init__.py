"""mlcurate: curate multilingual training data for embedding models.

The curation core lives here: ingest, languages, store (catalog), stage runner, CLI.
"""

__version__ = "0.1.0"
