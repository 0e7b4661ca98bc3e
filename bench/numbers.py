"""Numbers as an Indonesian reader writes them."""


def thousands(number: int) -> str:
    """1000000 → "1.000.000" (the thousands separator is a dot; a comma marks decimals)."""
    return f"{number:,}".replace(",", ".")
