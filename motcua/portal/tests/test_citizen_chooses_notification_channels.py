"""A signed-in citizen picks the channels on a plain form; nobody else can see it."""

from motcua.notify.models import NotificationPreference

URL = "/thong-bao/cai-dat/"


def test_the_page_asks_for_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/thong-bao/cai-dat/")


def test_defaults_are_email_and_sms_and_a_choice_is_saved(client, citizen):
    citizen.phone = "0987654321"
    citizen.save()
    client.force_login(citizen)
    page = client.get(URL).content.decode()
    assert '<label class="inline-check" for="id_email">' in page
    assert 'name="email" id="id_email" checked' in page
    assert 'name="sms" id="id_sms" checked' in page
    assert 'name="zalo" id="id_zalo">' in page
    assert "Gửi tới số 0987654321" in page
    assert "Tài khoản chưa có địa chỉ thư điện tử." in page

    response = client.post(URL, {"sms": "on", "zalo": "on"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Đã lưu cách nhận thông báo." in response.content.decode()
    saved = NotificationPreference.objects.get(user=citizen)
    assert (saved.email, saved.sms, saved.zalo) == (False, True, True)


def test_turning_every_channel_off_is_refused(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Vui lòng chọn ít nhất một cách nhận thông báo." in response.content.decode()
    assert not NotificationPreference.objects.exists()
