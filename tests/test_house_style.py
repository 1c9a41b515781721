"""House style: a folder of templates that replace the shipped ones, document by document, in the
build, the lint and the consistency checks alike."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from dealdocs.cli import main
from dealdocs.render.docx import docx_text

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "filings" / "ascent-solar-2019-01-11.yaml"
STEM = SEED.stem
SHIPPED = "for the private placement of"
HOUSE = "in a private offering of"


def _edited(template: Path, old: str, new: str) -> bytes:
    """The template with one phrase of its body replaced (the phrase is within one run)."""
    source = zipfile.ZipFile(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    return out.getvalue()


@pytest.fixture
def house(tmp_path) -> Path:
    """A deal folder with a house 8-K (its Item 1.01 worded differently) and the seed naming it."""
    assert main(["templates", "--init", str(tmp_path / "house"), "8-K"]) == 0
    template = tmp_path / "house" / "8-K.docx"
    template.write_bytes(_edited(template, SHIPPED, HOUSE))
    (tmp_path / "deals").mkdir()
    return tmp_path


def _deal(house: Path, templates_line: str | None) -> Path:
    text = SEED.read_text()
    if templates_line is not None:
        text = text.replace("\nissuer:", f"\n{templates_line}\n\nissuer:", 1)
    path = house / "deals" / SEED.name
    path.write_text(text)
    return path


def _texts(out: Path) -> dict[str, str]:
    return {kind: docx_text((out / STEM / f"{STEM}-{kind}.docx").read_bytes())
            for kind in ("8-K", "note")}


def test_a_deal_file_names_its_house_templates(house, capsys):
    deal = _deal(house, "templates: ../house")
    assert main(["build", str(deal), "-o", str(house / "out"), "--format", "docx"]) == 0
    texts = _texts(house / "out")
    assert HOUSE in texts["8-K"] and SHIPPED not in texts["8-K"]
    assert "Convertible Promissory Note" in texts["note"]  # no house note: the shipped one
    capsys.readouterr()
    assert main(["check", "--no-pdf", str(deal)]) == 0  # lint and checks read the house 8-K


def test_pyproject_names_the_house_templates_for_every_deal_under_it(house, capsys):
    (house / "pyproject.toml").write_text('[tool.dealdocs]\ntemplates = "house"\n')
    deal = _deal(house, None)
    assert main(["build", str(deal), "-o", str(house / "out"), "--format", "docx"]) == 0
    assert HOUSE in _texts(house / "out")["8-K"]


def test_without_a_house_style_the_shipped_wording_is_used(house):
    deal = _deal(house, None)
    assert main(["build", str(deal), "-o", str(house / "out"), "--format", "docx"]) == 0
    assert SHIPPED in _texts(house / "out")["8-K"]


def test_a_house_template_is_linted_like_a_shipped_one(house, capsys):
    template = house / "house" / "8-K.docx"
    template.write_bytes(_edited(template, HOUSE, HOUSE + " {{ issuer.nmae }}"))
    assert main(["check", "--no-pdf", str(_deal(house, "templates: ../house"))]) == 1
    out = capsys.readouterr().out
    assert "house/8-K.docx" in out and "nmae" in out


def test_a_missing_house_folder_is_an_error_at_its_line(house, capsys):
    deal = _deal(house, "templates: ../no-such-folder")
    assert main(["check", "--no-pdf", str(deal)]) == 1
    out = capsys.readouterr().out
    line = deal.read_text().splitlines().index("templates: ../no-such-folder") + 1
    assert f"{deal}:{line}:12: error: templates: " in out and "is not a folder" in out


def test_init_never_overwrites_a_template(house, capsys):
    template = house / "house" / "8-K.docx"
    before = template.read_bytes()
    assert main(["templates", "--init", str(house / "house")]) == 2
    assert "already there" in capsys.readouterr().err
    assert template.read_bytes() == before
    assert not (house / "house" / "note.docx").exists()  # all or nothing
