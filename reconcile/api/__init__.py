"""Thin Litestar controllers over the ingest service and the store."""
