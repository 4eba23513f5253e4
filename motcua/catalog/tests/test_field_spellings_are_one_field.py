"""Issue 10, item 8: a field (lĩnh vực) is one catalog entry however a source spells it. The
published list writes "Giáo dục & Đào tạo" (1 procedure), "Giáo dục - Đào tạo" (7) and "Giáo dục
và Đào tạo" (2): one field of 10; "Văn bằng, chứng chỉ" (1) is a shipped synonym of "Hệ thống văn
bằng, chứng chỉ" (2): one field of 3. Expectations counted by hand from
data/procedures-sgddt.json."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.catalog.fields import field_key
from motcua.catalog.models import Field, FieldSynonym, Procedure
from motcua.catalog.published import published_records
from motcua.catalog.selectors import fields_in_use, procedures_matching
from motcua.catalog.services import catalog_import, field_for_name

EDUCATION = "Giáo dục và Đào tạo"
DIPLOMAS = "Hệ thống văn bằng, chứng chỉ"
PER_FIELD = {
    EDUCATION: 10,
    DIPLOMAS: 3,
    "Các cơ sở giáo dục khác": 7,
    "Giáo dục trung học": 6,
    "Giáo dục, đào tạo với nước ngoài": 5,
    "Giáo dục thường xuyên": 2,
    "Giáo dục và Đào tạo trong hệ thống giáo dục quốc dân": 2,
    "Các cơ sở Giáo dục – đào tạo": 1,
    "Thi, tuyển sinh": 1,
    "Giáo dục nghề nghiệp": 1,
}  # and 2 procedures without a field: 38 + 2 = 40


def test_spellings_that_differ_in_punctuation_case_or_và_share_a_key() -> None:
    keys = {field_key(n) for n in ("Giáo dục & Đào tạo", "Giáo dục - Đào tạo", EDUCATION)}
    assert keys == {"giao duc dao tao"}
    assert field_key("giáo dục – đào tạo") == "giao duc dao tao"
    # Different words are different fields unless a synonym says otherwise.
    assert field_key("Giáo dục, đào tạo với nước ngoài") != "giao duc dao tao"
    assert field_key("Các cơ sở Giáo dục – đào tạo") != field_key("Các cơ sở giáo dục khác")


@pytest.mark.django_db
def test_importing_the_published_list_gives_one_entry_per_field() -> None:
    assert catalog_import(records=published_records()).ok
    counted = {f.name: f.procedures.count() for f in fields_in_use()}
    assert counted == PER_FIELD
    assert Procedure.objects.filter(field__isnull=True).count() == 2
    assert sorted(counted) == [f.name for f in fields_in_use()]  # the filter lists each once


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing() -> None:
    assert catalog_import(records=published_records()).ok
    again = catalog_import(records=published_records())
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 40)


@pytest.mark.django_db
def test_the_filter_finds_the_whole_field_by_any_of_its_names() -> None:
    assert catalog_import(records=published_records()).ok
    for spelling in ("Giáo dục & Đào tạo", "Giáo dục - Đào tạo", EDUCATION):
        assert len(procedures_matching(field=spelling)) == 10
    assert len(procedures_matching(field="Văn bằng, chứng chỉ")) == 3
    assert len(procedures_matching(field="Lĩnh vực không có")) == 0


@pytest.mark.django_db
def test_a_new_field_is_created_once_and_a_synonym_lands_on_its_field() -> None:
    first = field_for_name(name="Giáo dục mầm non")
    assert field_for_name(name="giáo dục  mầm non") == first
    assert Field.objects.filter(key="giao duc mam non").count() == 1
    assert field_for_name(name="Văn bằng, chứng chỉ").name == DIPLOMAS  # shipped synonym
    FieldSynonym.objects.create(field=first, name="Mầm non", key=field_key("Mầm non"))
    assert field_for_name(name="MẦM NON") == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_merges_existing_spellings() -> None:
    executor = MigrationExecutor(connection)
    before = [("catalog", "0002_field_key_and_synonyms")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old_field = old.get_model("catalog", "Field")
    old_procedure = old.get_model("catalog", "Procedure")
    spellings = {"Giáo dục & Đào tạo": 1, "Giáo dục - Đào tạo": 3, "Văn bằng, chứng chỉ": 2}
    n = 0
    for name, count in spellings.items():
        field = old_field.objects.create(name=name)
        for _ in range(count):
            n += 1
            old_procedure.objects.create(code=f"9.{n:06d}", name=f"Thủ tục {n}", field=field)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    names = dict(Field.objects.values_list("name", "key"))
    assert names == {EDUCATION: "giao duc dao tao", DIPLOMAS: "he thong van bang chung chi"}
    counts = {f.name: f.procedures.count() for f in Field.objects.all()}
    assert counts == {EDUCATION: 4, DIPLOMAS: 2}
    moved = Procedure.objects.get(code="9.000001")
    assert moved.search_text == "9.000001 thu tuc 1 giao duc va dao tao"


@pytest.mark.django_db
def test_the_admin_refuses_a_second_spelling_of_a_field() -> None:
    from motcua.catalog.admin import FieldForm, FieldSynonymForm

    field_for_name(name=EDUCATION)
    form = FieldForm(data={"name": "Giáo dục - Đào tạo", "code": ""})
    assert not form.is_valid()
    assert form.errors["name"] == [f"Đã có lĩnh vực mang tên này: «{EDUCATION}»."]
    synonym = FieldSynonymForm(data={"name": "Văn bằng, chứng chỉ"})
    assert not synonym.is_valid()
    assert "tên khác của Hệ thống văn bằng, chứng chỉ" in synonym.errors["name"][0]
    assert FieldForm(data={"name": "Giáo dục mầm non", "code": ""}).is_valid()


@pytest.mark.django_db
def test_renaming_a_field_keeps_its_procedures_findable_and_is_audited() -> None:
    from motcua.audit.models import AuditEvent
    from motcua.catalog.services import field_save

    assert catalog_import(records=published_records()).ok
    field = Field.objects.get(name="Thi, tuyển sinh")
    field.name = "Thi và tuyển sinh"
    field_save(field=field)
    assert Field.objects.get(pk=field.pk).key == "thi tuyen sinh"
    assert Procedure.objects.get(code="1.005090").search_text.endswith("thi va tuyen sinh")
    assert AuditEvent.objects.filter(action="catalog.field_changed").count() == 1
