"""News where it lives: pages and feeds fetched safely, their articles extracted, then ingested."""
