import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.folding import fold, nfc, tokens

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ "
)


def test_fold_removes_marks_and_maps_d():
    assert fold("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc") == (
        "cap ban sao van bang, chung chi tu so goc"
    )
    assert fold("ĐƠN ĐỀ NGHỊ") == "don de nghi"


def test_nfd_and_nfc_fold_alike():
    text = "Chỉnh sửa nội dung văn bằng"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)
    assert nfc(unicodedata.normalize("NFD", text)) == unicodedata.normalize("NFC", text)


def test_tokens_keep_procedure_codes_whole():
    assert tokens("Mã 1.005090, thủ tục") == ["ma", "1.005090", "thu", "tuc"]


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper()))
def test_fold_is_idempotent_ascii_and_form_independent(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()
    assert fold(unicodedata.normalize("NFD", text)) == folded
