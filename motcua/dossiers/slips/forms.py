"""The legal sets of one-stop forms (biểu mẫu), keyed by our slip names.

Which set a slip follows is configuration: `DeadlineRules.form_set` of the rules version in force
on the dossier's reception day (legal-facts §0: forms are versioned, never hard-coded).
"""

from dataclasses import dataclass
from datetime import date

from motcua.workdays.selectors import rules_in_force


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: int
    height_mm: int

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    @property
    def css_size(self) -> str:
        return f"{self.width_mm}mm {self.height_mm}mm"


A5 = Paper("A5", 148, 210)
A4_LANDSCAPE = Paper("A4 ngang", 297, 210)


@dataclass(frozen=True)
class Form:
    number: str  # "01", printed as "Mẫu số 01"
    title: str
    paper: Paper
    symbol: str  # the form's sign after the number: "Số: …/PBS"
    file_stem: str  # start of the download's file name


@dataclass(frozen=True)
class FormSet:
    key: str
    name: str  # the circular, for messages
    basis: str  # legal basis printed beside the form number
    forms: dict[str, Form]

    def form(self, slip: str) -> Form | None:
        return self.forms.get(slip)


RECEIPT = "receipt"
SUPPLEMENT_REQUEST = "supplement-request"
REFUSAL = "refusal"
APOLOGY = "apology"
STOP_NOTICE = "stop-notice"
CONTROL_SLIP = "control-slip"
REGISTER = "register"

# Symbols PBS, PTC, PXL, PKS, STD: Bộ Y tế QĐ 3621/QĐ-BYT reproducing the TT 03/2025 forms
# (addendum B.4). The receipt and the stop notice leave the symbol blank there; TNHS and TBD are
# ours. Forms 01–05 of TT 01/2018 are A5 (Điều 9); the control slip and the register are printed
# on A4 landscape here so that their tables stay readable.
_RECEIPT = Form("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", A5, "TNHS", "giay-tiep-nhan")
_SUPPLEMENT = Form(
    "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", A5, "PBS", "phieu-yeu-cau-bo-sung"
)
_REFUSAL = Form("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", A5, "PTC", "phieu-tu-choi")
_CONTROL = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
_REGISTER = "Sổ theo dõi hồ sơ"

FORM_SETS: dict[str, FormSet] = {
    "tt03_2025": FormSet(
        key="tt03_2025",
        name="Thông tư số 03/2025/TT-VPCP",
        basis="Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ",
        forms={
            RECEIPT: _RECEIPT,
            SUPPLEMENT_REQUEST: _SUPPLEMENT,
            REFUSAL: _REFUSAL,
            APOLOGY: Form(
                "04",
                "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
                A5,
                "PXL",
                "van-ban-xin-loi",
            ),
            # TT 03/2025 Điều 7: sent when the applicant withdraws before any decision.
            STOP_NOTICE: Form("05", "Thông báo dừng giải quyết hồ sơ", A5, "TBD", "thong-bao-dung"),
            CONTROL_SLIP: Form("06", _CONTROL, A4_LANDSCAPE, "PKS", "phieu-kiem-soat"),
            REGISTER: Form("07", _REGISTER, A4_LANDSCAPE, "STD", "so-theo-doi-ho-so"),
        },
    ),
    "tt01_2018": FormSet(
        key="tt01_2018",
        name="Thông tư số 01/2018/TT-VPCP",
        basis="Thông tư số 01/2018/TT-VPCP của Văn phòng Chính phủ",
        forms={
            RECEIPT: _RECEIPT,
            SUPPLEMENT_REQUEST: _SUPPLEMENT,
            REFUSAL: _REFUSAL,
            APOLOGY: Form(
                "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", A5, "PXL", "phieu-xin-loi"
            ),
            CONTROL_SLIP: Form("05", _CONTROL, A4_LANDSCAPE, "PKS", "phieu-kiem-soat"),
            REGISTER: Form("06", _REGISTER, A4_LANDSCAPE, "STD", "so-theo-doi-ho-so"),
        },
    ),
}
CURRENT_FORM_SET = "tt03_2025"


def form_set_on(day: date) -> FormSet:
    """The form set of the rules version in force on `day` (the current set before any)."""
    rules = rules_in_force(day)
    return FORM_SETS[rules.form_set if rules is not None else CURRENT_FORM_SET]
