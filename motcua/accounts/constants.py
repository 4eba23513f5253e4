from django.db import models


class UnitKind(models.TextChoices):
    """Kinds of organisational unit in the tree (UBND tỉnh → Sở → phòng/ban …)."""

    PROVINCE_COMMITTEE = "province_committee", "Ủy ban nhân dân tỉnh"
    DEPARTMENT = "department", "Sở"  # the agency that owns the procedures
    SPECIALIST_UNIT = "specialist_unit", "Phòng chuyên môn"  # processes dossiers
    ONE_STOP_DESK = "one_stop_desk", "Bộ phận Một cửa"  # receives and returns
    SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"  # provincial desk
    CLERK_OFFICE = "clerk_office", "Văn thư"  # registers and stamps results
    EXTERNAL_AGENCY = "external_agency", "Cơ quan phối hợp (liên thông)"


class Role(models.TextChoices):
    """What a person does; staff roles are held in a unit (Membership)."""

    RECEPTIONIST = "receptionist", "Cán bộ tiếp nhận"  # tiếp nhận, trả kết quả
    SPECIALIST = "specialist", "Chuyên viên"  # thẩm định
    UNIT_HEAD = "unit_head", "Lãnh đạo phòng"
    DIRECTOR = "director", "Lãnh đạo Sở"
    CLERK = "clerk", "Văn thư"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    CITIZEN = "citizen", "Công dân, tổ chức"
