"""Forms of the officer's screens (Vietnamese labels; dates typed dd/mm/yyyy)."""

from typing import Any, cast

from django import forms

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedures_in_force
from motcua.core.inputs import CountField, DayField, MoneyField, TextField
from motcua.dossiers.constants import ApplicantKind, Channel, CounterOutcome, ResultChannel


class ProcedureChoiceField(forms.ModelChoiceField[Procedure]):
    """A procedure shown by its national code (when it has one) and name."""

    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.code if obj.has_national_code else ''} {obj.name}".strip()


class IntakeForm(forms.Form):
    """The counter intake screen: procedure, applicant, what was received."""

    procedure = ProcedureChoiceField(
        label="Thủ tục hành chính",
        queryset=Procedure.objects.none(),
        empty_label="— Chọn thủ tục —",
    )
    case = TextField(label="Trường hợp", max_length=64, required=False, widget=forms.Select)
    channel = forms.TypedChoiceField(
        label="Kênh nộp", choices=Channel.choices, coerce=int, initial=Channel.COUNTER
    )
    applicant_kind = forms.ChoiceField(label="Người nộp là", choices=ApplicantKind.choices)
    full_name = TextField(label="Họ và tên / tên tổ chức", max_length=255)
    id_number = TextField(
        label="Số CCCD / mã số thuế",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = TextField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label="Email", max_length=254, required=False)
    address = TextField(label="Địa chỉ (số nhà, đường, thôn/xóm)", max_length=500, required=False)
    commune = TextField(label="Xã, phường", max_length=120, required=False)
    province = TextField(label="Tỉnh, thành phố", max_length=120, required=False)
    representative_name = TextField(
        label="Người được ủy quyền (nếu có)", max_length=255, required=False
    )
    representative_id_number = TextField(
        label="Số định danh người được ủy quyền", max_length=20, required=False
    )
    representative_document = TextField(label="Văn bản ủy quyền", max_length=255, required=False)
    result_channel = forms.ChoiceField(label="Nhận kết quả", choices=ResultChannel.choices)
    counter_outcome = forms.ChoiceField(
        label="Kết quả kiểm tra hồ sơ",
        choices=CounterOutcome.choices,
        initial=CounterOutcome.RECEIVE,
        required=False,  # receive, unless the receptionist chooses otherwise
        widget=forms.RadioSelect,
    )
    supplement_items = TextField(
        label="Nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung)",
        multiline=True,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = TextField(
        label="Lý do (bắt buộc khi từ chối tiếp nhận)",
        multiline=True,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    APPLICANT_FIELDS = (
        "applicant_kind",
        "full_name",
        "id_number",
        "phone",
        "email",
        "address",
        "commune",
        "province",
    )
    REPRESENTATIVE_FIELDS = (
        "representative_name",
        "representative_id_number",
        "representative_document",
    )

    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.APPLICANT_FIELDS]

    def representative_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.REPRESENTATIVE_FIELDS]

    def clean_counter_outcome(self) -> str:
        return self.cleaned_data["counter_outcome"] or CounterOutcome.RECEIVE

    def supplement_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["supplement_items"].splitlines()]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        procedures = procedures_in_force().select_related("field").order_by("field__name", "name")
        # The procedures in force today, so set per form (the field above is this form's copy).
        cast(ProcedureChoiceField, self.fields["procedure"]).queryset = procedures


class ActionForm(forms.Form):
    """Every action's inputs; each action's template shows only the fields it needs."""

    action = TextField(max_length=32, widget=forms.HiddenInput)
    version = CountField(widget=forms.HiddenInput)
    note = TextField(
        label="Ghi chú / lý do",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    to_user = TextField(label="Chuyển cho cán bộ", max_length=150, required=False)
    to_step = CountField(label="Trả lại bước", required=False)
    items = TextField(
        label="Nội dung cần bổ sung (mỗi dòng một nội dung)",
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    to_unit = TextField(label="Cơ quan phối hợp", max_length=64, required=False)
    days = forms.IntegerField(
        label="Thời hạn liên thông (ngày làm việc)", required=False, min_value=1, max_value=365
    )
    amount_vnd = MoneyField(label="Số tiền (đồng)", required=False)
    paid_online = forms.BooleanField(label="Đã nộp trực tuyến", required=False)
    result_channel = forms.ChoiceField(
        label="Hình thức trả", choices=ResultChannel.choices, required=False
    )
    new_due_at = DayField(label="Ngày hẹn trả mới (dd/mm/yyyy)", required=False)
    at_fault_unit = TextField(label="Đơn vị để chậm", max_length=64, required=False)

    def params(self) -> dict[str, Any]:
        """The action's parameters for dossier_transition (empty ones left out)."""
        data = self.cleaned_data
        params: dict[str, Any] = {
            key: data[key]
            for key in (
                "to_user",
                "to_step",
                "to_unit",
                "days",
                "amount_vnd",
                "result_channel",
                "new_due_at",
                "at_fault_unit",
            )
            if data.get(key) not in (None, "")
        }
        if data.get("items"):
            params["items"] = [line.strip() for line in data["items"].splitlines() if line.strip()]
        if data.get("paid_online"):
            params["paid_online"] = True
        return params
