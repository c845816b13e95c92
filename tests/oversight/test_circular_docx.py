"""The Word circular read back with python-docx: the head, the number, the sections
numbered 一、（一）1., the tables' rows, the chart, the fonts, the page and its numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from oversight.circular.content import Issue, build_circular
from oversight.circular.docx import write_docx
from tests.fixture_circular import FIGURES, ranking

ISSUE = Issue("圆市安全生产监督管理局", "圆安监通〔2015〕9号", dt.date(2015, 10, 12))


def read(circular) -> docx.document.Document:
    return docx.Document(io.BytesIO(write_docx(circular)))


@pytest.fixture(scope="module")
def draft():
    return read(build_circular(ranking(), FIGURES))


@pytest.fixture(scope="module")
def issued():
    return read(build_circular(ranking(), FIGURES, issue=ISSUE))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def east_asian(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def test_the_head_of_an_issued_circular(issued):
    lines = texts(issued)
    assert lines[:4] == [
        "圆市安全生产监督管理局",
        "圆安监通〔2015〕9号",
        "关于2015年9月安全社区建设情况的通报",
        "各县（区）安监局：",
    ]
    mark = paragraph(issued, "圆市安全生产监督管理局").runs[0]
    assert str(mark.font.color.rgb) == "FF0000"
    assert east_asian(mark) == "方正小标宋简体"
    number = paragraph(issued, "圆安监通〔2015〕9号")
    assert number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    heading = paragraph(issued, "关于2015年9月安全社区建设情况的通报").runs[0]
    assert (east_asian(heading), heading.font.size) == ("方正小标宋简体", Pt(22))


def test_a_draft_says_so_and_has_no_number(draft):
    lines = texts(draft)
    assert lines[:3] == ["征求意见稿", "圆市安全生产监督管理局", "（草稿）"]
    assert not any("〔" in line for line in lines)


def test_sections_numbered_at_three_levels(issued):
    lines = texts(issued)
    headings = [line for line in lines if line[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == ["一、总体情况", "二、排名情况", "三、红黑榜", "四、存在问题", "五、下步工作要求"]
    assert east_asian(paragraph(issued, "一、总体情况").runs[0]) == "黑体"
    county = paragraph(issued, "（一）区县排名")
    assert east_asian(county.runs[0]) == "楷体_GB2312"
    problem = next(p for p in issued.paragraphs if p.text.startswith("1.月报缺报。"))
    assert problem.runs[0].text == "1.月报缺报。"
    assert problem.runs[0].font.bold
    assert east_asian(problem.runs[0]) == "仿宋_GB2312"
    requirement = next(p for p in issued.paragraphs if p.text.startswith("（一）抓紧补报月报。"))
    assert east_asian(requirement.runs[0]) == "楷体_GB2312"


def test_body_text_form(issued):
    body = next(p for p in issued.paragraphs if p.text.startswith("现将2015年9月圆市"))
    layout = body.paragraph_format
    assert (layout.first_line_indent, layout.line_spacing) == (Pt(32), Pt(28))
    assert (east_asian(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))


def test_ranking_tables_with_titles_above(issued):
    counties, units = issued.tables
    assert [c.text for c in counties.rows[1].cells] == [
        "1",
        "甲县",
        "2",
        "93.75",
        "50.0",
        "80.63",
        "达标",
        "—",
    ]
    assert len(units.rows) == 5
    assert [c.text for c in units.rows[2].cells][:8] == [
        "2",
        "街道A1",
        "甲县",
        "2",
        "90.0",
        "不达标",
        "↓1",
        "黑榜",
    ]
    lines = texts(issued)
    assert lines.index("表1  2015年9月各区县排名") < lines.index("（二）单位排名")


def test_the_chart_is_a_picture(issued):
    assert len(issued.inline_shapes) == 1
    assert issued.inline_shapes[0].width == Mm(156)


def test_signature_annex_and_imprint(issued):
    lines = texts(issued)
    assert "附件：各单位得分说明" in lines
    date = paragraph(issued, "2015年10月12日")
    assert date.alignment == 2 and date.paragraph_format.right_indent == Pt(64)  # right, 4 characters
    annex = lines.index("附件")
    assert lines[annex + 1] == "各单位得分说明"
    assert lines[annex + 2] == "1. 街道A2（甲县）：97.5分，优秀。"
    assert lines[-2].startswith("抄送：圆市安全生产委员会办公室")
    assert lines[-1] == "圆市安全生产监督管理局办公室\t2015年10月12日印发"
    page_break = issued.paragraphs[[p.text for p in issued.paragraphs].index("附件") - 1]
    assert 'w:type="page"' in page_break._p.xml


def test_page_margins_and_numbers(issued):
    section = issued.sections[0]
    mm = [
        round(x.mm, 1)
        for x in (section.page_width, section.page_height, section.top_margin, section.left_margin)
    ]
    assert mm == [210, 297, 37, 28]  # stored in twentieths of a point: within 0.05 mm
    assert round(Emu(section.page_width - section.left_margin - section.right_margin).mm, 1) == 156
    assert round(Emu(section.page_height - section.top_margin - section.bottom_margin).mm, 1) == 225
    assert issued.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (2, 0)  # right, left
    assert odd.text == even.text == "— 1 —"
    assert "PAGE" in odd._p.xml
    assert {east_asian(r) for r in odd.runs} == {"宋体"}


def test_every_run_names_its_east_asian_font(issued):
    runs = [r for p in issued.paragraphs for r in p.runs if r.text]
    runs += [
        r for t in issued.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert runs and all(east_asian(r) for r in runs)


def test_a_county_mark_too_long_for_36_points_shrinks():
    long = dataclasses.replace(ISSUE, office_zh="遂宁经济技术开发区安全生产监督管理局")  # 18 characters
    document = read(build_circular(ranking(), FIGURES, issue=long))
    mark = paragraph(document, long.office_zh).runs[0]
    assert mark.font.size == Pt(24)  # 156 mm = 442 pt, / 18 = 24.5 → 24


def test_table_columns_fill_the_block_and_long_texts_give_way():
    from oversight.circular.docx import _cap

    # Needs of 40, 60 and 200 points in 200: the widest gives way, the others keep theirs.
    assert _cap([40, 60, 200], 200) == 100
    assert _cap([40, 60, 200], 500) == 200
    document = read(build_circular(ranking(), FIGURES, issue=ISSUE))
    for table in document.tables:
        widths = [column.width for column in table.columns]
        assert round(Emu(sum(widths)).mm) == 156
