"""Scales, currencies and units written around a number ("$4.5bn", "61.4 per cent", "12 km").

Tables follow docs/semantics.md: currencies become ISO codes, percentages '%', percentage points
'pp', physical and time units a singular name; counts of things have no unit.
"""

from __future__ import annotations

import re

SCALE: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "mln": 1e6, "mio": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12,
    "tn": 1e12, "trn": 1e12, "lakh": 1e5, "crore": 1e7,
}

CURRENCY_SYMBOL: dict[str, str] = {
    "us$": "USD", "$": "USD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₽": "RUB", "₴": "UAH", "₩": "KRW", "₹": "INR", "usd": "USD", "eur": "EUR",
    "gbp": "GBP", "jpy": "JPY", "rub": "RUB", "uah": "UAH", "krw": "KRW", "chf": "CHF",
    "cny": "CNY", "rmb": "CNY", "inr": "INR",
}
# a currency written right before a number, optionally with a space ("$ 5,000" in tokenised text)
CURRENCY_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?P<c>US\s?\$|A\$|C\$|HK\$|\$|€|£|¥|₽|₴|₩|₹)"
    r"|\b(?P<w>USD|EUR|GBP|JPY|RUB|UAH|KRW|CHF|CNY|RMB|INR))\s?$"
)

CURRENCY_WORD: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "sterling": "GBP", "roubles": "RUB", "rubles": "RUB",
    "rouble": "RUB", "ruble": "RUB", "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH",
    "hryvnia's": "UAH", "won": "KRW", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "francs": "CHF", "swiss francs": "CHF",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "rub": "RUB", "uah": "UAH",
}

UNIT_WORD: dict[str, str] = {
    "km": "km", "kms": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km",
    "kilometer": "km", "miles": "mile", "mile": "mile", "kg": "kg", "kilos": "kg",
    "kilograms": "kg", "kilogram": "kg", "kilogrammes": "kg", "tonnes": "tonne",
    "tonne": "tonne", "tons": "tonne", "ton": "tonne", "metric tons": "tonne",
    "metres": "metre", "meters": "metre", "metre": "metre", "meter": "metre",
    "centimetres": "cm", "centimeters": "cm", "cm": "cm", "millimetres": "mm", "mm": "mm",
    "hours": "hour", "hour": "hour", "hrs": "hour", "minutes": "minute", "minute": "minute",
    "mins": "minute", "seconds": "second", "second": "second", "secs": "second",
    "days": "day", "day": "day", "weeks": "week", "week": "week", "months": "month",
    "month": "month", "years": "year", "year": "year", "decades": "decade", "decade": "decade",
    "stories": "storey", "storeys": "storey", "story": "storey", "storey": "storey",
    "inches": "inch", "inch": "inch", "feet": "foot", "foot": "foot", "ft": "foot",
    "pounds": "pound", "lbs": "pound", "lb": "pound", "ounces": "ounce", "ounce": "ounce",
    "oz": "ounce", "grams": "gram", "gram": "gram", "barrels": "barrel",
    "barrel": "barrel", "litres": "litre", "liters": "litre", "litre": "litre", "liter": "litre",
    "gallons": "gallon", "gallon": "gallon", "acres": "acre", "acre": "acre",
    "hectares": "hectare", "hectare": "hectare", "km2": "km2", "sq km": "km2",
    "square kilometres": "km2", "square kilometers": "km2", "square miles": "sq mile",
    "square feet": "sq foot", "mph": "mph", "km/h": "km/h", "kph": "km/h",
    "degrees": "degree", "degree": "degree", "°c": "°C", "°f": "°F", "mw": "MW", "gw": "GW",
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "megawatts": "MW",
    "gigawatts": "GW", "knots": "knot", "calories": "calorie", "cents": "cent",
    "cent": "cent", "pence": "pence",
}
# units that may only stand right after a number with no space and must not start a word
_TIGHT_UNITS = frozenset({"ft", "lb", "oz", "mm", "cm", "kms"})
TIME_UNITS = frozenset({"hour", "minute", "second", "day", "week", "month", "year", "decade"})

_PCT = r"%|per\s?cent\b|percent\b|pct\b"
SUFFIX = re.compile(
    r"(?P<sp>[\s\u00a0\u202f]?)(?:"
    rf"(?P<pp>percentage[\s-]points?\b|(?:{_PCT})\s+points?\b|pps?\b|ppts?\b)"
    rf"|(?P<pct>{_PCT})"
    r"|(?P<cur>" + "|".join(re.escape(c) for c in sorted(CURRENCY_WORD, key=len, reverse=True))
    + r")\b"
    r"|(?P<unit>" + "|".join(re.escape(u) for u in sorted(UNIT_WORD, key=len, reverse=True))
    + r")(?![\w/])"
    r")",
    re.IGNORECASE,
)


def suffix_unit(text: str, end: int) -> tuple[str | None, int]:
    """(unit, new end) for a percent sign, currency word or unit written right after `end`."""
    m = SUFFIX.match(text, end)
    if not m:
        return None, end
    if m.group("pp"):
        return "pp", m.end()
    if m.group("pct"):
        return "%", m.end()
    if m.group("cur"):
        word = m.group("cur").lower()
        if word == "won" and re.match(r"\s+(?:by|the|a|an|in|at|on|its|their|his|her)\b",
                                      text[m.end():]):
            return None, end  # "the team that 3 won by": a verb, not the currency
        return CURRENCY_WORD[word], m.end()
    word = m.group("unit")
    low = word.lower()
    if low in _TIGHT_UNITS and m.group("sp"):
        return None, end
    return UNIT_WORD[low], m.end()


def currency_before(text: str, start: int) -> tuple[str | None, int]:
    """(currency code, new start) for a currency written right before `start`."""
    m = CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    if not m:
        return None, start
    code = (m.group("c") or m.group("w")).replace(" ", "").lower()
    return CURRENCY_SYMBOL[code], m.start()
