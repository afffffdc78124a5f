"""What the row report says about a list written in side-by-side blocks (序号 姓名 电话 | 序号 姓名 电话).

The mapping names the first block's columns and how far right the others repeat (`SheetMapping.repeats`); the
reader walks each block on its own. So that a clerk sees where each further block is, its header row carries a
note naming the block and its real column letters.
"""

from __future__ import annotations

from scheduler.io.read.report import column_letter
from scheduler.io.read.sheets.layout import Layout


def block_note(layout: Layout, offset: int) -> tuple[str, str, str] | None:
    """(code, Chinese, English) of the header-row note for the block `offset` columns right of the first, None for
    the first block (its columns are reported one by one as mapped)."""
    if offset not in layout.block_offsets or not layout.columns:
        return None
    number = layout.block_offsets.index(offset) + 2
    count = len(layout.block_offsets) + 1
    first = min(c.index for c in layout.columns) + offset
    last = first + layout.block_offsets[0] - 1
    letters = f"{column_letter(first)}–{column_letter(last)}"
    fields = "、".join(c.header for c in sorted(layout.columns, key=lambda c: c.index))
    return ("side_by_side_block",
            f"表格并排分成 {count} 块，{letters} 列是第 {number} 块（{fields}），与第 1 块同样读取",
            f"the table is laid out in {count} side-by-side blocks; columns {letters} are block {number} "
            f"({fields}), read as block 1 is")
