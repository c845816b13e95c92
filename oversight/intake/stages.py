"""The stages workbook (阶段与命名): its columns and record kinds, declared once.

One row is one record: a stage move, a review of an application (县级初审 by the county
office, 市级审核 by the city's, as on the application form), a naming, a renewal or a
revocation.  The template (:mod:`data_access.templates_stages`) writes these headers,
lists and notes; the upload (:mod:`data_access.intake_stages`) reads them back by the
same declarations; docs/templates_stages.md describes every column.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.intake.kinds import FIRST_SHEETS
from oversight.stage_path import REVIEW_NAMES

SHEET = FIRST_SHEETS["stages"]
UNITS_SHEET = "单位现状"
"""A reference sheet: every unit of the region, its stage per programme and its titles."""


@dataclass(frozen=True)
class Column:
    """A column of the data sheet: its field, its Chinese header and what it holds."""

    name: str
    header: str
    kind: str  # "text", "date" or "choice"
    note: str
    width: int = 14


COLUMNS = (
    Column(
        "record", "记录类型", "choice", "阶段变动、县级初审、市级审核、命名、续期或撤销；留空则整行不读", 12
    ),
    Column("unit_code", "单位编码", "text", "街道或乡镇的编码（模板已填）", 14),
    Column("unit_name", "单位名称", "text", "仅供核对，不读取", 18),
    Column("programme_code", "创建方案编码", "text", "单位参加的创建方案（模板已填）", 14),
    Column("stage", "阶段", "choice", "阶段变动时填：进入的阶段", 12),
    Column("day", "日期", "date", "进入阶段、审核、命名、续期或撤销的日期", 12),
    Column("decision", "审核结论", "choice", "初审、审核时填：同意或退回", 10),
    Column("opinion", "审核意见", "text", "初审、审核时填：申报表上的意见", 24),
    Column("level", "命名级别", "choice", "命名时填", 14),
    Column("certificate_no", "证书编号", "text", "命名、续期时填新证书编号；撤销时填被撤销的证书编号", 18),
    Column("renews", "原证书编号", "text", "续期时填：被续期的证书编号", 18),
    Column("valid_until", "有效期至", "date", "命名、续期时填（可空：长期有效）", 12),
    Column("reason", "原因", "text", "跳过或退回阶段、撤销命名时必填；其他情况可作说明", 24),
)
HEADERS = tuple(column.header for column in COLUMNS)
BY_NAME = {column.name: column for column in COLUMNS}

PREFILLED = ("unit_code", "unit_name", "programme_code")
"""Filled by the template on every unit's row: a row with nothing else is not read."""

RECORDS = {
    "阶段变动": "move",
    **{name: level for level, name in REVIEW_NAMES.items()},
    "命名": "naming",
    "续期": "renewal",
    "撤销": "revocation",
}
"""The record kinds a row can be, by the words the template's list offers."""

REQUIRED = {
    "move": ("unit_code", "programme_code", "stage", "day"),
    "county": ("unit_code", "programme_code", "day", "decision", "opinion"),
    "city": ("unit_code", "programme_code", "day", "decision", "opinion"),
    "naming": ("unit_code", "day", "level", "certificate_no"),
    "renewal": ("renews", "certificate_no", "day"),
    "revocation": ("certificate_no", "day", "reason"),
}
"""The columns each kind of record must fill."""

DECISIONS = {"同意": "agree", "退回": "return"}

UNIT_COLUMNS = (
    "单位编码",
    "单位名称",
    "所属区县",
    "创建方案编码",
    "当前阶段",
    "自",
    "持有的命名（证书编号）",
)

INSTRUCTIONS = (
    "本表登记安全社区创建单位的阶段变动、申报审核和命名情况，每行一条记录，只追加、不修改：已登记的记录不会被覆盖。",
    "“阶段与命名”表已为本地区每个参加创建方案的单位预填一行；没有新情况的单位整行留空即可。同一单位有多条记录时，复制该行后分别填写，按发生的先后排列。",
    "阶段变动：填“阶段”和“日期”。按创建路径（备案启动→推进实施→自评→申报→县级初审→市级审核→现场评定→命名→复评）只能前进一步；跳过或退回阶段须在“原因”中说明。",
    "县级初审、市级审核：填“日期”“审核结论”（同意或退回）和“审核意见”（即申报表上县（区）安委会办公室初步审查意见、市安委会办公室审核意见）。同意即进入县级初审或市级审核阶段；退回不改变阶段。",
    "命名：填“日期”“命名级别”“证书编号”和“有效期至”；填了创建方案编码的，该单位同时进入命名阶段。",
    "续期（复评通过后再命名）：在“原证书编号”填被续期的证书，在“证书编号”填新证书，并填“日期”和“有效期至”。",
    "撤销：在“证书编号”填被撤销的证书，并填“日期”和“原因”。",
    "日期请填Excel日期或“2020-05-01”格式的文字，不能晚于今天；单元格中不要使用公式，不要合并单元格，不要增删或改动列标题。",
    "上传后系统会逐格检查并列出全部问题；没有问题时先显示将要登记的记录，确认后一次全部写入。重复上传同一文件不会重复登记。",
    "“单位现状”表列出各单位当前所处阶段和持有的命名，仅供参考，不读取。",
)
