from django.db import models


class Status(models.IntegerChoices):
    """The national portal's dossier statuses (TrangThaiHoSo); sync is a mapping, not a
    translation."""

    NEW = 1, "Mới đăng ký"  # submitted online or by post, not yet received
    RECEIVED = 2, "Được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung giấy tờ"
    PAYMENT_REQUESTED = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWAL_REQUESTED = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    FINISHED = 9, "Đã xử lý xong"  # result ready at the one-stop desk
    RETURNED = 10, "Đã trả kết quả"


OPEN_STATUSES = (
    Status.NEW,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.PAYMENT_REQUESTED,
    Status.WITHDRAWAL_REQUESTED,
)
# The legal clock runs in these statuses: the agency holds an accepted dossier (processing, waiting
# for a fee or acting on a withdrawal request; no legal pause applies). It is paused while the
# applicant supplements (status 5); see dossiers/timeliness.py.
CLOCK_RUNNING_STATUSES = (
    Status.RECEIVED,
    Status.PROCESSING,
    Status.PAYMENT_REQUESTED,
    Status.WITHDRAWAL_REQUESTED,
)


class Stage(models.TextChoices):
    """Internal sub-states, each mapped onto one national status (see workflow.STAGE_STATUS)."""

    AWAITING_RECEPTION = "awaiting_reception", "Chờ tiếp nhận"
    AT_STEP = "at_step", "Đang xử lý tại bước"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "Chờ công dân bổ sung"
    AWAITING_EXTERNAL = "awaiting_external", "Chờ cơ quan phối hợp (liên thông)"
    AWAITING_PAYMENT = "awaiting_payment", "Chờ thực hiện nghĩa vụ tài chính"
    WITHDRAWAL_REQUESTED = "withdrawal_requested", "Công dân đề nghị rút hồ sơ"
    RESULT_READY = "result_ready", "Có kết quả, chờ trả"
    RETURNED = "returned", "Đã trả kết quả"
    REFUSED = "refused", "Từ chối tiếp nhận"
    STOPPED = "stopped", "Dừng giải quyết"


# Nothing more will happen to a dossier in these stages; every other one is active: today's work,
# a bounded set however long the history grows (the inboxes read only active dossiers).
FINAL_STAGES = (Stage.RETURNED, Stage.REFUSED, Stage.STOPPED)
# The result exists: waiting at the desk or handed over. Only then may the applicant download the
# electronic result or rate the service.
RESULT_STAGES = (Stage.RESULT_READY, Stage.RETURNED)


class Channel(models.IntegerChoices):
    """KenhThucHien."""

    COUNTER = 1, "Trực tiếp"
    ONLINE = 2, "Trực tuyến"
    POSTAL = 3, "Bưu chính công ích"


class CounterOutcome(models.TextChoices):
    """How the check of a dossier at the counter ends: exactly one of three (NĐ 61/2018
    Điều 17 k1; TT 03/2025 Mẫu 01, 02, 03). Only `receive` receives the dossier."""

    RECEIVE = "receive", "Tiếp nhận, lập giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"
    REQUEST_SUPPLEMENT = (
        "request_supplement",
        "Hồ sơ chưa đầy đủ: hướng dẫn bổ sung, hoàn thiện (Mẫu 02)",
    )
    REFUSE = "refuse", "Từ chối tiếp nhận (Mẫu 03)"


class ResultChannel(models.TextChoices):
    COUNTER = "counter", "Tại Bộ phận Một cửa"
    POSTAL = "postal", "Qua bưu chính công ích"
    ONLINE = "online", "Trực tuyến"


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    ORGANISATION = "organisation", "Tổ chức"


class Action(models.TextChoices):
    """Everything that can happen to a dossier; each is one call of dossier_transition."""

    RECEIVE = "receive", "Tiếp nhận hồ sơ"  # intake itself (first history event)
    ACCEPT = "accept", "Tiếp nhận hồ sơ trực tuyến/bưu chính"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    FORWARD = "forward", "Chuyển xử lý"
    SEND_BACK = "send_back", "Trả lại bước trước"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung, hoàn thiện"
    RECEIVE_SUPPLEMENT = "receive_supplement", "Nhận hồ sơ bổ sung"
    FORWARD_EXTERNAL = "forward_external", "Chuyển liên thông"
    RECEIVE_EXTERNAL = "receive_external", "Nhận kết quả liên thông"
    REQUEST_PAYMENT = "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    CONFIRM_PAYMENT = "confirm_payment", "Xác nhận đã nộp phí, lệ phí"
    APPROVE = "approve", "Phê duyệt, ký kết quả"
    FINISH = "finish", "Có kết quả (chuyển Bộ phận Một cửa)"
    RETURN_RESULT = "return_result", "Trả kết quả"
    REQUEST_WITHDRAWAL = "request_withdrawal", "Đề nghị rút hồ sơ"  # by the applicant online
    WITHDRAW = "withdraw", "Dừng giải quyết theo yêu cầu rút hồ sơ"
    APOLOGIZE = "apologize", "Gửi văn bản xin lỗi, hẹn lại ngày trả"
    EXTEND = "extend", "Gia hạn thời gian giải quyết"


class Timeliness(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class EndKind(models.TextChoices):
    """How processing ended (§4.3: first terminal event, in this priority order)."""

    FINISHED = "finish", "Đã xử lý xong"
    RETURNED = "return_result", "Đã trả kết quả"
    WITHDRAWN = "withdraw", "Dừng xử lý (rút hồ sơ)"
    REFUSED = "refuse", "Từ chối"


class OpenState(models.TextChoices):
    """A dossier still being processed at a moment (a period's end), judged as §4.3 says."""

    IN_TIME = "in_time", "Còn hạn"
    OVERDUE = "overdue", "Quá hạn"


class Satisfaction(models.TextChoices):
    """The applicant's satisfaction with a dossier (ratings.Rating); here because the rollup
    counts it beside timeliness and must not depend on the ratings app, which reads the rollup."""

    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    UNSATISFIED = "unsatisfied", "Không hài lòng"
