"""reconcile: multi-source claim reconciliation for news text."""

__version__ = "0.1.0"
