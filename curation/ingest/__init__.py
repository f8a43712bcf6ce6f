"""Ingestion: read a configured source, map its rows to samples, quarantine what cannot be used."""
