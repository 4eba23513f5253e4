"""The report as a file to download: XLSX or PDF, with a Vietnamese file name."""

from dataclasses import dataclass

from motcua.reports.ii06a import Report
from motcua.reports.pdf import write_pdf
from motcua.reports.xlsx import write_xlsx

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def report_file(report: Report, fmt: str) -> ReportFile:
    """`fmt`: "xlsx" or "pdf" (KeyError otherwise: the surfaces check it first)."""
    content = write_xlsx(report) if fmt == "xlsx" else write_pdf(report)
    period = report.period.label.replace("/", "-")
    return ReportFile(content, CONTENT_TYPES[fmt], f"Biểu II.06a - {period}.{fmt}")
