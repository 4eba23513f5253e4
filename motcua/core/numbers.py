"""Numbers as Vietnamese readers write them: dot thousands separator, decimal comma."""

from decimal import ROUND_HALF_UP, Decimal


def vn_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 93.45 with 1 decimal → '93,5' (half up, as by hand)."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
