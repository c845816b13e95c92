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
from oversight.palette import BAND_FILLS
from tests.fixture_circular import FIGURES, OVERDUE, ranking

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


def styles(style):
    """A style and the styles it is based on, nearest first."""
    while style is not None:
        yield style
        style = style.base_style


def font(run, read):
    """A run's effective font property: its own, else its character style's, else its
    paragraph style's (each style's, else its base style's): where Word looks."""
    fonts = [run.font, *(s.font for s in styles(run.style)), *(s.font for s in styles(run._parent.style))]
    return next((value for value in map(read, fonts) if value is not None), None)


def layout(paragraph, read):
    """A paragraph's effective layout property: its own, else its style's (or base's)."""
    formats = [paragraph.paragraph_format, *(s.paragraph_format for s in styles(paragraph.style))]
    return next((value for value in map(read, formats) if value is not None), None)


def border(paragraph, side: str):
    """The line along one side of a paragraph: its own, else its style's (or base's)."""
    elements = [paragraph._p, *(s.element for s in styles(paragraph.style))]
    for element in elements:
        line = element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn(f'w:{side}')}")
        if line is not None:
            return line
    return None


def east_asian(run) -> str | None:
    def named(f):
        fonts = f.element.rPr.find(qn("w:rFonts")) if f.element.rPr is not None else None
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    return font(run, named)


def size(run):
    return font(run, lambda f: f.size)


def bold(run):
    return font(run, lambda f: f.bold)


def colour(run) -> str:
    return str(font(run, lambda f: f.color.rgb))


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
    assert colour(mark) == "FF0000"
    assert east_asian(mark) == "方正小标宋简体"
    number = paragraph(issued, "圆安监通〔2015〕9号")
    assert border(number, "bottom").get(qn("w:color")) == "FF0000"
    heading = paragraph(issued, "关于2015年9月安全社区建设情况的通报").runs[0]
    assert (east_asian(heading), size(heading)) == ("方正小标宋简体", Pt(22))


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
    assert bold(problem.runs[0])
    assert east_asian(problem.runs[0]) == "仿宋_GB2312"
    requirement = next(p for p in issued.paragraphs if p.text.startswith("（一）抓紧补报月报。"))
    assert east_asian(requirement.runs[0]) == "楷体_GB2312"


def test_headings_and_table_titles_stay_with_what_follows(issued):
    """A heading or a table's title alone at the foot of a page reads as a gap: Word moves
    it to the next page with its first line (the Suining August circular left
    （二）单位排名 alone under the county table)."""
    for text in ("二、排名情况", "（二）单位排名"):
        assert layout(paragraph(issued, text), lambda f: f.keep_with_next), text
    titles = [p for p in issued.paragraphs if p.text.startswith("表")]
    assert titles and all(layout(p, lambda f: f.keep_with_next) for p in titles)


def test_body_text_form(issued):
    body = next(p for p in issued.paragraphs if p.text.startswith("现将2015年9月圆市"))
    assert (layout(body, lambda f: f.first_line_indent), layout(body, lambda f: f.line_spacing)) == (
        Pt(32),
        Pt(28),
    )
    assert (east_asian(body.runs[0]), size(body.runs[0])) == ("仿宋_GB2312", Pt(16))


def test_ranking_tables_with_titles_above(issued):
    counties, units, _annex = issued.tables
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
    assert layout(date, lambda f: f.alignment) == 2  # right
    assert layout(date, lambda f: f.right_indent) == Pt(64)  # 4 characters
    annex = lines.index("附件")
    assert lines[annex + 1] == "各单位得分说明"
    assert lines[annex + 2] == (
        "各单位按名次排列，各项为得分、括号内为该项满分；"
        "各项得分的计算依据见通报Excel附表“得分说明”及平台“月度通报”页。"
    )
    assert lines[-2].startswith("抄送：圆市安全生产委员会办公室")
    assert lines[-1] == "圆市安全生产监督管理局办公室\t2015年10月12日印发"
    # The date ends the body's section: the annex starts a page (a section) of its own.
    assert date._p.pPr.find(qn("w:sectPr")) is not None


ANNEX_HEADER = [
    "名次",
    "单位",
    "区县",
    "阶段进度\n(25)",
    "自评\n(25)",
    "活动\n(20)",
    "报送\n(15)",
    "隐患\n(15)",
    "得分",
    "等级",
    "一票否决",
    "提升建议",
]


def test_the_annex_is_one_table_of_every_unit_by_rank(issued):
    """Worked from the fixture's ranking (weights 25/25/20/15/15; points = score × weight
    ÷ 100): the vetoes and lifts short, the first two actions at most; a veto that leaves
    the band as it is (B1: 67.5 is 不达标 anyway) not repeated among the lifts."""
    annex = issued.tables[2]
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows[0] == ANNEX_HEADER
    assert rows[1:] == [
        ["1", "街道A2", "甲县", "25", "24", "20", "13.5", "15", "97.5", "优秀", "—", "—"],
        [
            "2",
            "街道A1",
            "甲县",
            "25",  # 100 × 25%
            "24",  # 96 × 25%
            "20",  # 100 × 20%
            "15",  # 100 × 15%
            "6",  # 40 × 15%
            "90",
            "不达标",
            "发生死亡事故（死亡1人）",
            "不计否决为良好；距优秀差5分；整改3处隐患（+9分）",
        ],
        [
            "3",
            "街道B2",
            "乙区",
            "20",  # 80 × 25%
            "21",  # 84 × 25%
            "15",  # 75 × 20%
            "12",  # 80 × 15%
            "15",
            "83",
            "不达标",
            "当月月报缺报",
            "不计否决为达标；距良好差7分；补报2015年9月月报（+1.5分）",
        ],
        [
            "4",
            "街道B1",
            "乙区",
            "15",  # 60 × 25%
            "20",  # 80 × 25%
            "10",  # 50 × 20%
            "7.5",  # 50 × 15%
            "15",
            "67.5",
            "不达标",
            "当月月报缺报",
            "距达标差12.5分；“综合性安全检查全年不少于4次”再完成2次（+5分）",
        ],
    ]
    header = annex.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert {p.style.name for c in header.cells for p in c.paragraphs} == {"表头文字"}
    cells = annex.rows[2].cells
    assert cells[0].paragraphs[0].style.name == "表格文字"
    assert {cells[i].paragraphs[0].style.name for i in (10, 11)} == {"表格文字左齐"}
    assert size(cells[0].paragraphs[0].runs[0]) == Pt(10.5)  # 五号
    fill = cells[9]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == BAND_FILLS["fail"].removeprefix("#").upper()


def test_only_the_first_two_actions_are_named():
    """Given A1 a second and a third action (its overdue stage, 2.5 points; a hazard, 1
    point), the annex names the first two, most points first as the method orders them;
    a stage's name says 阶段 once."""
    from oversight.ranking.results import Fact

    base = ranking()
    a1 = next(u for u in base.units if u.unit_code == "A1")
    stage = {k: OVERDUE.values[k] for k in ("stage_zh", "stage_en", "planned_end")}
    more = (*a1.lifts, Fact("lift.stage", stage | {"points": 2.5}))
    more += (Fact("lift.hazards", {"open": 1, "points": 1.0}),)
    units = tuple(dataclasses.replace(u, lifts=more) if u is a1 else u for u in base.units)
    document = read(build_circular(dataclasses.replace(base, units=units), FIGURES, issue=ISSUE))
    assert document.tables[2].rows[2].cells[11].text == (
        "不计否决为良好；距优秀差5分；整改3处隐患（+9分）；完成推进实施阶段（+2.5分）"
    )


def test_the_annex_is_on_landscape_pages_between_portrait_ones(issued):
    """Twelve columns need the 225 mm of a landscape block: the annex is a section of
    its own, A4 turned (297 × 210 mm) with the block turned with it (225 × 156 mm),
    the page numbers carried on; the 版记 follows on a portrait page, at its foot."""
    body, annex, imprint = issued.sections
    assert (body.orientation, annex.orientation, imprint.orientation) == (0, 1, 0)
    assert [round(x.mm) for x in (annex.page_width, annex.page_height)] == [297, 210]
    block = (
        annex.page_width - annex.left_margin - annex.right_margin,
        annex.page_height - annex.top_margin - annex.bottom_margin,
    )
    assert [round(Emu(x).mm) for x in block] == [225, 156]
    assert round(annex.top_margin.mm) == 28  # the table's head at the binding edge
    assert annex.footer.is_linked_to_previous and annex.even_page_footer.is_linked_to_previous
    assert imprint.footer.is_linked_to_previous
    assert [round(x.mm) for x in (imprint.page_width, imprint.page_height)] == [210, 297]
    assert imprint._sectPr.find(qn("w:vAlign")).get(qn("w:val")) == "bottom"


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
    assert (layout(odd, lambda f: f.alignment), layout(even, lambda f: f.alignment)) == (2, 0)  # right, left
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
    assert size(mark) == Pt(24)  # 156 mm = 442 pt, / 18 = 24.5 → 24


def test_table_columns_fill_the_block_and_long_texts_give_way():
    from oversight.circular.docx import _cap

    # Needs of 40, 60 and 200 points in 200: the widest gives way, the others keep theirs.
    assert _cap([40, 60, 200], 200) == 100
    assert _cap([40, 60, 200], 500) == 200
    document = read(build_circular(ranking(), FIGURES, issue=ISSUE))
    blocks = [round(Emu(sum(column.width for column in t.columns)).mm) for t in document.tables]
    assert blocks == [156, 156, 225]  # the annex's table on a landscape page


def test_the_form_is_in_the_styles(issued):
    """Each paragraph names its style (Word's list shows 正文, 一级标题, ...); a run carries
    at most a character style (the bold lead of a problem, the 楷体 lead of a
    requirement), so an official restyles the circular in one place."""
    names = {s.name for s in issued.styles}
    assert {"Normal", "一级标题", "二级标题", "表题", "表格文字", "表头文字", "落款", "版记"} <= names
    assert paragraph(issued, "一、总体情况").style.name == "一级标题"
    assert paragraph(issued, "（一）区县排名").style.name == "二级标题"
    assert paragraph(issued, "表1  2015年9月各区县排名").style.name == "表题"
    body = issued.styles["Normal"]
    assert (body.font.size, body.paragraph_format.first_line_indent) == (Pt(16), Pt(32))
    problem = next(p for p in issued.paragraphs if p.text.startswith("1.月报缺报。"))
    assert problem.runs[0].style.name == "三级标题字"
    runs = [r for p in issued.paragraphs for r in p.runs]
    runs += [
        r for t in issued.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    own = [r for r in runs if r._r.rPr is not None and [c.tag for c in r._r.rPr] != [qn("w:rStyle")]]
    assert runs and not own


def test_balanced_columns_wrap_onto_the_same_fewest_lines():
    """五号: a letter 10.5 × 0.6 = 6.3 pt; padding 5 pt; headers narrowed to 4 letters.
    Needs 4, 16 and 32 letters: 30.2, 105.8 and 206.6 pt, in 200.  Balanced (the vetoes
    and lifts): in 2 lines, 8 + 2 and 16 + 2 letters: 68 + 118.4 + 30.2 = 216.6 > 200; in
    3 lines, 16/3 + 2 and 32/3 + 2 letters: 51.2 and 84.8 pt, 166.2 in all, and the 33.8
    left shared by the two: × (200 − 30.2) / 136 → 63.92 and 105.88.  Without balance
    the widest give way to one width: (200 − 30.2) / 2 = 84.9 each."""
    from oversight.circular.docx import _widths

    headers, rows = (
        ["名次", "否决", "提升建议"],
        [[1, "一二三四五六七八", "一二三四五六七八九十一二三四五六"]],
    )
    balanced = _widths(headers, rows, Pt(200), 4, {1, 2}, Pt(5))
    assert [round(w, 2) for w in balanced] == [30.2, 63.92, 105.88]
    assert [round(w, 2) for w in _widths(headers, rows, Pt(200), 4, (), Pt(5))] == [30.2, 84.9, 84.9]
