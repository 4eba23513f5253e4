"""Money is whole đồng; shown with dot thousands separators as Vietnamese readers expect."""


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return "Chưa có thông tin"
    if amount == 0:
        return "Không thu phí"
    return f"{amount:,}".replace(",", ".") + " đồng"
