"""Ships the TT 01/2018/TT-VPCP evaluation scheme (Điều 13–15) as configuration.

Whether it survives TT 03/2025/TT-VPCP is unconfirmed (legal-facts addendum B.2): the scheme has no
end date; when a province stops using it, an administrator sets "hết áp dụng từ" or unticks
"đang dùng" in the admin, and a successor is added as a new scheme.
"""

from datetime import date

from django.db import migrations

CODE = "TT01-2018"

CONFIG = {
    "indicators": [
        {
            "number": 1,
            "name": "Tổng thời gian giải quyết TTHC so với thời gian quy định của pháp luật",
            "scope": "dossier",
            "source": "settlement",
            "staff": True,
        },
        {
            "number": 2,
            "name": "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết",
            "scope": "dossier",
            "source": "unit_steps",
            "staff": True,
        },
        {
            "number": 3,
            "name": "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ",
            "scope": "dossier",
            "source": "citizen",
            "staff": True,
        },
        {
            "number": 4,
            "name": "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ",
            "scope": "dossier",
            "source": "citizen",
            "staff": True,
        },
        {
            "number": 5,
            "name": "Thực hiện tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
            "scope": "unit",
            "source": "one_stop_desk",
            "self_assessable": True,
        },
        {
            "number": 6,
            "name": "Công khai các thủ tục hành chính",
            "scope": "dossier",
            "source": "citizen",
            "self_assessable": True,
        },
        {
            "number": 7,
            "name": "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, "
            "tiếp nhận hồ sơ và giải quyết TTHC",
            "scope": "dossier",
            "source": "citizen",
            "staff": True,
        },
        {
            "number": 8,
            "name": "Tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị",
            "scope": "unit",
            "source": "feedback",
        },
        {
            "number": 9,
            "name": "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến",
            "scope": "unit",
            "source": "online_service",
        },
    ],
    # Điều 13 chỉ số 1 và 2: ngắn hơn → 2, bằng → 1, dài hơn → 0.
    "timeliness_points": {"early": 2, "on_time": 1, "late": 0},
    # Điều 13 chỉ số 9 (cấp tỉnh): ≥ 20 % TTHC mức độ 3, 4; ≥ 30 % hồ sơ trực tuyến → 2;
    # 15 – < 30 % → 1.
    "online_service": {
        "procedures_share_for_2": 20,
        "dossier_share_for_2": 30,
        "dossier_share_for_1": 15,
    },
    # Điều 15 khoản 3.
    "unit_max": 18,
    "unit_bands": [
        {"min": 15, "label": "Xuất sắc"},
        {"min": 12, "label": "Tốt"},
        {"min": 9, "label": "Khá"},
        {"min": 6, "label": "Trung bình"},
        {"min": 0, "label": "Yếu"},
    ],
    "staff_max": 10,
    "staff_bands": [
        {"min": 5, "label": "Hoàn thành 100% nhiệm vụ"},
        {"min": 3.5, "label": "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"},
        {"min": 0, "label": "Hoàn thành dưới 70% nhiệm vụ"},
    ],
    # Điều 15: "chỉ số không có đủ dữ liệu" is left out; the law sets no number: one dossier.
    "min_sample": 1,
    # The report periods of NĐ 09/2019 Điều 12 as configured in the reports app (quý: ngày 15
    # tháng trước kỳ → ngày 14 tháng cuối quý); "calendar" for calendar quarters.
    "periods": "report_periods",
}


def add_scheme(apps, schema_editor):
    Scheme = apps.get_model("ratings", "EvaluationScheme")
    Scheme.objects.update_or_create(
        code=CODE,
        defaults={
            "name": "Đánh giá việc giải quyết TTHC theo TT 01/2018/TT-VPCP",
            "legal_basis": "Nghị định 61/2018/NĐ-CP Chương VI; Thông tư 01/2018/TT-VPCP "
            "Điều 13 (tiêu chí chấm điểm), Điều 14 (đối tượng, kênh dữ liệu), "
            "Điều 15 (tổng hợp, xếp loại)",
            "effective_from": date(2019, 1, 6),
            "enabled": True,
            "config": CONFIG,
            "note": "Chưa xác nhận TT 03/2025/TT-VPCP có giữ công cụ chấm điểm này hay không.",
        },
    )


def remove_scheme(apps, schema_editor):
    apps.get_model("ratings", "EvaluationScheme").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_evaluation")]

    operations = [migrations.RunPython(add_scheme, remove_scheme)]
