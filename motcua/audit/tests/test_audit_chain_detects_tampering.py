import pytest
from django.core.management import CommandError, call_command

from motcua.audit.models import AuditEvent
from motcua.audit.services import audit_problems, audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(admin):
    for n in range(3):
        audit_record(
            action="test.event",
            object_type="test",
            object_id=str(n),
            actor=admin,
            data={"n": n, "tên": "Nguyễn Văn An"},
        )
    return list(AuditEvent.objects.order_by("id"))


def test_an_intact_chain_verifies(chain, capsys):
    assert list(audit_problems()) == []
    call_command("audit_verify")
    assert "3 bản ghi" in capsys.readouterr().out
    assert chain[1].prev_hash == chain[0].hash


def test_an_altered_row_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).update(data={"n": 99})
    problems = list(audit_problems())
    assert problems == [f"Bản ghi #{chain[1].pk}: nội dung đã bị sửa sau khi ghi."]
    with pytest.raises(CommandError, match="không toàn vẹn"):
        call_command("audit_verify")


def test_a_deleted_row_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).delete()
    problems = list(audit_problems())
    assert len(problems) == 1 and "mắt xích" in problems[0]
