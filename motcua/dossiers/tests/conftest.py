from datetime import datetime

import pytest

from motcua.accounts.demo import load_demo_organisation
from motcua.accounts.models import User
from motcua.catalog.demo import demo_records
from motcua.catalog.services import catalog_import
from motcua.core.localtime import VN_TZ

EDIT_DIPLOMA = "3.000466"  # Chỉnh sửa nội dung văn bằng, chứng chỉ: 05 ngày làm việc


@pytest.fixture
def demo(db):  # noqa: ARG001
    """The demo organisation, its six staff users and the demo catalog."""
    load_demo_organisation()
    assert catalog_import(records=demo_records()).ok
    return {u.username: u for u in User.objects.all()}


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


APPLICANT = {
    "full_name": "Nguyễn Văn An", "id_number": "001090001234", "phone": "0912345678",
    "email": "an@example.vn", "address": "Số 1 Tràng Tiền", "commune": "Phường Hoàn Kiếm",
    "province": "Thành phố Hà Nội",
}
