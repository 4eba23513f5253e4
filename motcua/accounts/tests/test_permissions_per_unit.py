import pytest

from motcua.accounts.permissions import Perm, has_perm, units_with_perm

pytestmark = pytest.mark.django_db


def test_administrators_hold_every_permission_everywhere(admin, org):
    assert units_with_perm(admin, Perm.CATALOG_EDIT) is None
    assert has_perm(admin, Perm.CALENDAR_EDIT, org["quality"])


def test_staff_hold_their_role_in_their_unit_and_below(director, specialist, org):
    department_units = units_with_perm(director, Perm.BACKOFFICE)
    assert org["quality"].pk in department_units and org["desk"].pk in department_units
    assert org["province"].pk not in department_units
    assert has_perm(specialist, Perm.BACKOFFICE, org["quality"])
    assert not has_perm(specialist, Perm.BACKOFFICE, org["general"])


def test_staff_may_not_edit_the_catalog_or_the_calendar(receptionist, director):
    for user in (receptionist, director):
        assert not has_perm(user, Perm.CATALOG_EDIT)
        assert not has_perm(user, Perm.CALENDAR_EDIT)


def test_citizens_and_anonymous_visitors_hold_nothing(citizen):
    from django.contrib.auth.models import AnonymousUser

    for user in (citizen, AnonymousUser()):
        assert not has_perm(user, Perm.BACKOFFICE)
        assert units_with_perm(user, Perm.CATALOG_EXPORT) == set()


def test_the_admin_site_follows_the_same_rules(client, receptionist, admin):
    client.force_login(receptionist)
    assert client.get("/quan-tri/accounts/user/").status_code == 403
    assert client.get("/quan-tri/workdays/calendaroverride/").status_code == 200  # read only
    client.force_login(admin)
    assert client.get("/quan-tri/accounts/user/").status_code == 200
