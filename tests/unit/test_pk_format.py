"""Tests of tools.pk_format: the statement template, the date line, the target cell."""

import datetime

import pytest

from tools.pk_format import (
    DEFAULT_STATEMENT_TEMPLATE,
    StatementTemplateError,
    acting_title,
    check_statement_template,
    format_target_cell,
    render_statement,
    sign_date_line,
)

VALUES = {
    "pihak_pertama": "PIHAK KESATU",
    "pihak_kedua": "PIHAK KEDUA",
    "sebutan_pihak_pertama": "Pihak kesatu",
    "sebutan_pihak_kedua": "Pihak kedua",
    "nama_pihak_pertama": "Drs. KEPALA",
    "jabatan_pihak_pertama": "Plt. Kepala Dinas",
    "tahun": "2026",
    "instansi": "Dinas Pendidikan",
}


def _text(paragraph):
    return "".join(text for text, _bold in paragraph["parts"])


def test_default_template_renders_the_permenpanrb_statement():
    paragraphs = render_statement(DEFAULT_STATEMENT_TEMPLATE, VALUES)
    assert [p.get("party") for p in paragraphs] == [None, "first", None, "second", None, None, None]
    assert _text(paragraphs[0]).startswith("Dalam rangka mewujudkan manajemen pemerintahan")
    assert _text(paragraphs[2]) == "selanjutnya disebut PIHAK KESATU."
    promise = paragraphs[5]
    assert promise["indent"] and not paragraphs[0]["indent"]
    assert promise["parts"][0][0].startswith("Pihak kesatu berjanji akan mewujudkan target")
    assert not promise["parts"][0][1]
    assert _text(promise).endswith("menjadi tanggung jawab kami.")
    assert _text(paragraphs[6]).endswith("pemberian penghargaan dan sanksi.")
    # lines wrapped in the textarea are joined with single spaces
    assert "  " not in _text(promise)


def test_values_are_text_only():
    template = (
        "{{tahun}} {tahun}: {nama_pihak_pertama}\n\n"
        "{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}"
    )
    paragraph = render_statement(template, {"tahun": 2026, "nama_pihak_pertama": "<b>x</b>"})[0]
    # braces doubled print a brace; values are inserted as given (escaped by QWeb)
    assert paragraph["parts"] == [("{tahun} 2026: <b>x</b>", False)]


def test_missing_value_prints_nothing():
    template = "Tahun {tahun}.\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}"
    assert _text(render_statement(template, {})[0]) == "Tahun ."


@pytest.mark.parametrize(
    ("template", "code", "name"),
    [
        ("{nama}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "unknown", "nama"),
        (
            "{tahun.real}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}",
            "unknown",
            "tahun.real",
        ),
        ("{tahun!r}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "unknown", "tahun"),
        ("{tahun:>9}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "unknown", "tahun"),
        ("{}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "unknown", ""),
        ("Tahun {tahun\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "syntax", ""),
        ("Tahun }\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}", "syntax", ""),
        (
            "Kami: {identitas_pihak_pertama}\n\n{identitas_pihak_kedua}",
            "block_not_alone",
            "identitas_pihak_pertama",
        ),
        ("{identitas_pihak_pertama}", "block_count", "identitas_pihak_kedua"),
        (
            "{identitas_pihak_pertama}\n\n{identitas_pihak_pertama}\n\n{identitas_pihak_kedua}",
            "block_count",
            "identitas_pihak_pertama",
        ),
        ("", "block_count", "identitas_pihak_pertama"),
    ],
)
def test_refused_templates(template, code, name):
    with pytest.raises(StatementTemplateError) as caught:
        check_statement_template(template)
    assert (caught.value.code, caught.value.name) == (code, name)


def test_windows_line_ends_and_blank_lines_with_spaces():
    template = "Satu\r\n  \r\n{identitas_pihak_pertama}\r\n\r\n{identitas_pihak_kedua}\r\n\r\n\tDua"
    paragraphs = render_statement(template, {})
    assert [_text(p) for p in paragraphs if "parts" in p] == ["Satu", "Dua"]
    assert paragraphs[-1]["indent"]


def test_date_line():
    assert sign_date_line("Purwokerto", 2026) == "Purwokerto, ........................ 2026"
    assert (
        sign_date_line("Purwokerto", 2026, datetime.date(2026, 1, 30))
        == "Purwokerto, 30 Januari 2026"
    )
    assert sign_date_line("", 2026) == "........................ 2026"


@pytest.mark.parametrize(
    ("args", "kwargs", "cell"),
    [
        (("number", 2.855, ""), {}, "2,855"),
        (("number", 70.0, "Indeks"), {}, "70"),
        (("number", 70.0, "", "Indeks"), {"unit_inside": True}, "70 Indeks"),
        (("number", 1234.5, ""), {}, "1.234,5"),
        (("number", 0.0, ""), {}, "0"),
        (("number", None, ""), {}, "-"),
        (("text", 0.0, "BB"), {}, "BB"),
        (("text", 0.0, "BB", "Predikat"), {"unit_inside": True}, "BB"),
        (("text", 0.0, False), {}, "-"),
        (("text", 0.0, "  "), {}, "-"),
    ],
)
def test_target_cell(args, kwargs, cell):
    assert format_target_cell(*args, **kwargs) == cell


@pytest.mark.parametrize(
    ("acting", "title", "printed"),
    [
        (False, "Kepala Dinas Pendidikan", "Kepala Dinas Pendidikan"),
        ("plt", "Kepala Dinas Pendidikan", "Plt. Kepala Dinas Pendidikan"),
        ("plh", "Sekretaris  Dinas", "Plh. Sekretaris Dinas"),
        ("plt", "Plt. Bupati Banyumas", "Plt. Bupati Banyumas"),
        ("plt", "", "Plt."),
        (None, None, ""),
    ],
)
def test_acting_title(acting, title, printed):
    assert acting_title(acting, title) == printed
