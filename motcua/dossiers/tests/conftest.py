"""Sample data for dossier tests (the `demo` fixture itself is in the root conftest)."""

from datetime import datetime

from motcua.core.localtime import VN_TZ

EDIT_DIPLOMA = "3.000466"  # Chỉnh sửa nội dung văn bằng, chứng chỉ: 05 ngày làm việc


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


APPLICANT = {
    "full_name": "Nguyễn Văn An",
    "id_number": "001090001234",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Số 1 Tràng Tiền",
    "commune": "Phường Hoàn Kiếm",
    "province": "Thành phố Hà Nội",
}
