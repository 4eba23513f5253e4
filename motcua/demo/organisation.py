"""Demo organisation and staff (never loaded by production settings; `manage.py load_demo`).

The province is fictional ("H99") so that no demo code can be mistaken for a real agency's
electronic identifier.
"""

from django.db import transaction

from motcua.accounts.constants import Role, UnitKind
from motcua.accounts.models import Membership, Unit, User

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - documented demo credential, README

PROVINCE = "000.00.00.H99"
DEPARTMENT = "000.00.15.H99"
OFFICE = "000.01.15.H99"
GENERAL_EDUCATION = "000.02.15.H99"
QUALITY = "000.03.15.H99"
CLERKS = "000.04.15.H99"
ONE_STOP = "000.05.15.H99"
SERVICE_CENTRE = "000.00.90.H99"
POLICE = "000.00.20.H99"

UNITS = [
    # code, name, short name, kind, parent
    (PROVINCE, "Ủy ban nhân dân tỉnh (minh họa)", "UBND tỉnh", UnitKind.PROVINCE_COMMITTEE, None),
    (DEPARTMENT, "Sở Giáo dục và Đào tạo", "Sở GDĐT", UnitKind.DEPARTMENT, PROVINCE),
    (OFFICE, "Văn phòng Sở", "Văn phòng", UnitKind.SPECIALIST_UNIT, DEPARTMENT),
    (
        GENERAL_EDUCATION,
        "Phòng Giáo dục phổ thông",
        "Phòng GDPT",
        UnitKind.SPECIALIST_UNIT,
        DEPARTMENT,
    ),
    (QUALITY, "Phòng Quản lý chất lượng", "Phòng QLCL", UnitKind.SPECIALIST_UNIT, DEPARTMENT),
    (CLERKS, "Văn thư Sở", "Văn thư", UnitKind.CLERK_OFFICE, DEPARTMENT),
    (
        ONE_STOP,
        "Bộ phận Một cửa Sở Giáo dục và Đào tạo",
        "Bộ phận Một cửa",
        UnitKind.ONE_STOP_DESK,
        DEPARTMENT,
    ),
    (
        SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh",
        "TTPVHCC tỉnh",
        UnitKind.SERVICE_CENTRE,
        PROVINCE,
    ),
    (POLICE, "Công an tỉnh", "Công an tỉnh", UnitKind.EXTERNAL_AGENCY, PROVINCE),
]

# What the demo units print on their papers (Unit.place_name, phone, head): the place name of the
# issue's example; the numbers are made up. Filled only where empty, so admin edits stay.
PAPER = {
    PROVINCE: {"place_name": "Khánh Hòa", "phone": "0258 3000 100", "head_title": "Chủ tịch"},
    DEPARTMENT: {"phone": "0258 3000 200", "head_title": "Giám đốc", "head": "giamdoc"},
    ONE_STOP: {"phone": "0258 3000 205", "head_title": "Trưởng Bộ phận Một cửa"},
    QUALITY: {"phone": "0258 3000 230", "head_title": "Trưởng phòng", "head": "truongphong"},
    GENERAL_EDUCATION: {
        "phone": "0258 3000 220",
        "head_title": "Trưởng phòng",
        "head": "truongphonggdpt",
    },
    SERVICE_CENTRE: {"phone": "0258 3000 300", "head_title": "Giám đốc"},
    POLICE: {"phone": "0258 3000 400", "head_title": "Giám đốc"},
}

STAFF = [
    # username, full name, role, unit
    ("tiepnhan", "Nguyễn Thị Tiếp Nhận", Role.RECEPTIONIST, ONE_STOP),
    ("chuyenvien", "Trần Văn Chuyên", Role.SPECIALIST, QUALITY),
    ("truongphong", "Lê Thị Trưởng", Role.UNIT_HEAD, QUALITY),
    ("giamdoc", "Phạm Văn Giám", Role.DIRECTOR, DEPARTMENT),
    ("vanthu", "Hoàng Thị Văn", Role.CLERK, CLERKS),
    ("quantri", "Đỗ Văn Quản", Role.ADMINISTRATOR, DEPARTMENT),
    # The general-education unit handles the demo procedures outside văn bằng and tuyển sinh.
    ("chuyenviengdpt", "Vũ Thị Phổ Thông", Role.SPECIALIST, GENERAL_EDUCATION),
    ("truongphonggdpt", "Bùi Văn Giáo", Role.UNIT_HEAD, GENERAL_EDUCATION),
]


@transaction.atomic
def load_demo_organisation() -> dict[str, Unit]:
    """Create the demo unit tree and one user per staff role; existing rows are kept as they are."""
    units: dict[str, Unit] = {}
    for code, name, short, kind, parent in UNITS:
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": units.get(parent) if parent else None,
            },
        )
    for username, full_name, role, unit_code in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "is_staff": True,
                "email": f"{username}@motcua.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)
    for code, paper in PAPER.items():
        unit = units[code]
        head = paper.get("head")
        values = {**paper, "head": User.objects.filter(username=head).first() if head else None}
        changed = [name for name, value in values.items() if value and not getattr(unit, name)]
        for name in changed:
            setattr(unit, name, values[name])
        if changed:
            unit.save(update_fields=changed)
    return units
