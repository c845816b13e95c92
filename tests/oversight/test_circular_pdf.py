"""The PDF through LibreOffice, rendered to PNG with pdftoppm and read with poppler's
tools: pages, text, the faces substituted for the official ones, the red head; and a
clear Chinese message when LibreOffice is missing or too slow.

Skipped without LibreOffice, except in CI (``.ci/run`` installs it), where its absence
is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from oversight.circular import pdf
from oversight.circular.content import Issue, build_circular
from oversight.circular.docx import write_docx
from oversight.circular.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from tests.fixture_circular import FIGURES, ranking

needs_libreoffice = pytest.mark.skipif(
    not pdf_available() and not os.environ.get("CI"), reason="LibreOffice not installed"
)
ISSUE = Issue("圆市安全生产监督管理局", "圆安监通〔2015〕9号", dt.date(2015, 10, 12))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    document = docx_to_pdf(write_docx(build_circular(ranking(), FIGURES, issue=ISSUE)))
    (folder / "circular.pdf").write_bytes(document)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "circular.pdf", "page"], cwd=folder, check=True)
    return folder


def poppler(tool: str, folder: Path) -> str:
    return subprocess.run(
        [tool, "circular.pdf", "-"] if tool == "pdftotext" else [tool, "circular.pdf"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@needs_libreoffice
def test_pages_rendered_to_png(rendered):
    pages = sorted(rendered.glob("page-*.png"))
    assert len(pages) >= 3  # the body runs over two pages at least, the annex starts a page
    width, height = Image.open(pages[0]).size
    assert round(height / width, 2) == round(297 / 210, 2)  # A4


@needs_libreoffice
def test_the_text_and_page_numbers(rendered):
    text = "".join(poppler("pdftotext", rendered).split())  # pdftotext spaces digits from Chinese
    for expected in (
        "圆安监通〔2015〕9号",
        "关于2015年9月安全社区建设情况的通报",
        "五、下步工作要求",
        "各单位得分说明",
        "—1—",
        "—2—",
    ):
        assert expected in text, expected


@needs_libreoffice
def test_the_official_faces_are_substituted(rendered):
    fonts = poppler("pdffonts", rendered)
    assert "NotoSerifCJK" in fonts  # 仿宋_GB2312, 宋体, 方正小标宋简体
    assert "NotoSansCJK" in fonts  # 黑体
    assert "UKai" in fonts  # 楷体_GB2312


@needs_libreoffice
def test_the_head_is_red(rendered):
    page = Image.open(rendered / "page-1.png").convert("RGB")
    width, height = page.size
    head = page.crop((0, 0, width, height // 3))
    red = sum(1 for r, g, b in head.get_flattened_data() if r > 200 and g < 80 and b < 80)
    assert red > 200


def test_without_libreoffice_a_chinese_message(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert not pdf_available()
    with pytest.raises(PdfUnavailable, match=r"未安装 LibreOffice.*apt-get install libreoffice-writer-nogui"):
        docx_to_pdf(b"")


@needs_libreoffice
def test_a_conversion_out_of_time_is_stopped():
    with pytest.raises(PdfUnavailable, match="秒内未完成"):
        docx_to_pdf(write_docx(build_circular(ranking(), FIGURES)), timeout=0.01)


def test_the_fontconfig_file_is_shipped():
    text = pdf.FONTS_CONF.read_text(encoding="utf-8")
    for face in (
        "方正小标宋简体",
        "仿宋_GB2312",
        "楷体_GB2312",
        "黑体",
        "宋体",
        "AR PL UKai CN",
        "Noto Serif CJK SC",
    ):
        assert face in text
