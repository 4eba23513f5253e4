"""A slip as plain data (header, title, paragraphs, tables, signatures), which the PDF and the
DOCX writers both lay out, so the two formats always print the same words."""

from dataclasses import dataclass, field
from datetime import date, datetime

from motcua.core.localtime import format_date, to_local
from motcua.dossiers.slips.forms import Form, FormSet


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    runs: list[Run]
    align: str = "justify"  # left, center, right or justify
    kind: str = "paragraph"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # a cell's lines are separated by "\n"
    widths: list[int]  # relative column widths
    centered: tuple[int, ...] = (0,)  # columns whose cells are centred (STT, short values)
    kind: str = "table"


@dataclass
class Signature:
    title: str  # NGƯỜI TIẾP NHẬN HỒ SƠ
    name: str  # printed under the space left for the signature
    note: str = "(Ký, ghi rõ họ tên)"


@dataclass
class Signatures:
    items: list[Signature]
    kind: str = "signatures"

    @property
    def columns(self) -> list[Signature | None]:
        """One column per signer; a single signer signs on the right half, as on paper."""
        return [None, *self.items] if len(self.items) == 1 else list(self.items)


Block = Paragraph | Table | Signatures


@dataclass
class SlipDocument:
    form_set: FormSet
    form: Form
    agency: str  # the body above the issuing unit, upper case
    unit: str  # the issuing unit, upper case
    number: str  # "Số: …"
    place_date: str  # "Hà Nội, ngày 05 tháng 10 năm 2026"
    subtitle: list[str] = field(default_factory=list)  # lines under the title
    qr_url: str = ""  # printed as a QR code beside the title when set
    blocks: list[Block] = field(default_factory=list)

    @property
    def form_label(self) -> str:
        return f"Mẫu số {self.form.number}"

    @property
    def title(self) -> str:
        return self.form.title.upper()

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def line(self, label: str, value: str = "", *, bold_value: bool = False) -> None:
        """A "Label: value" line; an empty label prints the value alone."""
        runs = [Run(f"{label}: " if label and value else label)] if label else []
        if value:
            runs.append(Run(value, bold=bold_value))
        self.blocks.append(Paragraph(runs))

    def text(
        self, text: str, *, bold: bool = False, italic: bool = False, align: str = "justify"
    ) -> None:
        self.blocks.append(Paragraph([Run(text, bold=bold, italic=italic)], align=align))


def long_date(day: date) -> str:
    """'ngày 05 tháng 10 năm 2026', as the national form writes dates in words."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def clock_long(moment: datetime) -> str:
    """'09 giờ 00 phút, ngày 05 tháng 10 năm 2026'."""
    local = to_local(moment)
    return f"{local:%H} giờ {local:%M} phút, {long_date(local.date())}"


def clock_short(moment: datetime) -> str:
    """'09 giờ 00 phút, ngày 05/10/2026'."""
    local = to_local(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {format_date(local.date())}"


def day_of(moment: datetime) -> str:
    return format_date(to_local(moment).date())
