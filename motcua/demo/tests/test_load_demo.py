from django.core.management import call_command

from motcua.accounts.models import Unit, User
from motcua.demo import organisation as demo_org


def test_demo_loader_is_idempotent(db, capsys):
    call_command("load_demo")
    users = list(User.objects.values_list("username", "password"))
    call_command("load_demo")
    assert list(User.objects.values_list("username", "password")) == users
    assert "0 thủ tục mới, 0 cập nhật, 40 không thay đổi" in capsys.readouterr().out


def test_the_demo_fills_the_units_paper_settings_once_and_keeps_edits(demo):
    quality = Unit.objects.get(code=demo_org.QUALITY)
    assert (quality.phone, quality.head_title, quality.head) == (
        "0258 3000 230",
        "Trưởng phòng",
        demo["truongphong"],
    )
    quality.phone = "0258 3999 999"
    quality.save(update_fields=["phone"])
    demo_org.load_demo_organisation()
    assert Unit.objects.get(code=demo_org.QUALITY).phone == "0258 3999 999"
