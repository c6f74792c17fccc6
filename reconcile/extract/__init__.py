"""Pure extraction: article text in, claims with figures, measures, time spans and sources out."""

# populated by claims.py

