"""Text of the uploads: where a problem is, and each problem's sentence (``intake.problem.*``).

The tracks of the upload add their problems' keys here, each in both languages."""

MESSAGES = {
    "zh": {
        "intake.where.file": "文件 {file}",
        "intake.where.sheet": "工作表“{sheet}”",
        "intake.where.row": "第 {row} 行",
        "intake.where.column": "“{column}”列",
        "intake.where.value": "值“{value}”",
        "intake.where.separator": "，",
        "intake.where.joined": "{place}：{text}",
        "intake.stale": "预览之后数据已有变化（其他人刚提交或更正了相关记录），本次未写入任何内容；请重新预览后再确认。",
    },
    "en": {
        "intake.where.file": "file {file}",
        "intake.where.sheet": "sheet “{sheet}”",
        "intake.where.row": "row {row}",
        "intake.where.column": "column “{column}”",
        "intake.where.value": "value “{value}”",
        "intake.where.separator": ", ",
        "intake.where.joined": "{place}: {text}",
        "intake.stale": "The data changed after the preview (someone has just submitted or corrected one of these records); nothing was written. Preview again, then confirm.",
    },
}
