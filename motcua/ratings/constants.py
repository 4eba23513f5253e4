from django.db import models


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    UNSATISFIED = "unsatisfied", "Không hài lòng"


# The one-stop evaluation indicators a citizen can judge from their own dossier
# (TT 01/2018/TT-VPCP Điều 13; each scored 2 / 1 / 0). Wording is ours, in plain Vietnamese.
CITIZEN_INDICATORS = {
    "on_time": "Hồ sơ được trả kết quả đúng hẹn",
    "supplement_once": "Chỉ phải bổ sung hồ sơ không quá một lần",
    "no_extra_visits": "Không phải đi lại nhiều lần",
    "no_extra_documents": "Không bị yêu cầu nộp thêm giấy tờ ngoài quy định",
    "clear_guidance": "Được hướng dẫn rõ ràng, đầy đủ",
    "courtesy": "Thái độ cán bộ lịch sự, tận tình",
}
SCORES = {2: "Tốt", 1: "Bình thường", 0: "Chưa tốt"}
