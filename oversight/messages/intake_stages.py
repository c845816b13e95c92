"""Text of the stages workbook's upload: its problems (``intake.problem.stages_*``) and summary."""

MESSAGES = {
    "zh": {
        "intake.problem.stages_empty": "“阶段与命名”表是空的，请使用下载的模板填写。",
        "intake.problem.stages_column_missing": "缺少“{column}”列：请不要删除或改动模板的列标题。",
        "intake.problem.stages_column_extra": "“{column}”不是模板的列：请删除多出的列，或恢复被改动的列标题。",
        "intake.problem.stages_column_order": "列的顺序被改动了，应为：{order}。",
        "intake.problem.stages_extra_cell": "模板的列之外填了内容，请删除。",
        "intake.problem.stages_formula": "这里要填数值或文字，不能用公式。",
        "intake.problem.stages_record_missing": "这一行填了内容，但没有填“记录类型”。",
        "intake.problem.stages_record_unknown": "记录类型只能是阶段变动、县级初审、市级审核、命名、续期或撤销。",
        "intake.problem.stages_required": "“{record}”须填写“{column}”。",
        "intake.problem.stages_not_date": "不是日期：请填Excel日期，或“2020-05-01”格式的文字。",
        "intake.problem.stages_choice": "“{column}”只能填：{choices}。",
        "intake.problem.stages_refused": "这条记录不能登记：{message}",
        "intake.stages.summary": "已登记 {written} 条记录（阶段变动 {moves} 条、审核 {reviews} 条、命名续期撤销 {titles} 条）；{unchanged} 条此前已登记，未重复写入。",
    },
    "en": {
        "intake.problem.stages_empty": "The sheet “阶段与命名” is empty: fill in the downloaded template.",
        "intake.problem.stages_column_missing": "Column “{column}” is missing: do not delete or rename the template's headers.",
        "intake.problem.stages_column_extra": "“{column}” is not a column of the template: delete the extra column or restore the renamed header.",
        "intake.problem.stages_column_order": "The columns were reordered; the order is: {order}.",
        "intake.problem.stages_extra_cell": "Something is filled in outside the template's columns: delete it.",
        "intake.problem.stages_formula": "A value or text belongs here, not a formula.",
        "intake.problem.stages_record_missing": "The row is filled in but its record type (记录类型) is empty.",
        "intake.problem.stages_record_unknown": "The record type must be 阶段变动 (stage move), 县级初审 (county review), 市级审核 (city review), 命名 (naming), 续期 (renewal) or 撤销 (revocation).",
        "intake.problem.stages_required": "A “{record}” record needs “{column}”.",
        "intake.problem.stages_not_date": "Not a date: enter an Excel date or text like 2020-05-01.",
        "intake.problem.stages_choice": "“{column}” takes one of: {choices}.",
        "intake.problem.stages_refused": "The record cannot be entered: {message}",
        "intake.stages.summary": "{written} records entered ({moves} stage moves, {reviews} reviews, {titles} namings, renewals or revocations); {unchanged} were entered before and were not written again.",
    },
}
