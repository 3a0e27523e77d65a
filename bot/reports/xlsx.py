"""A small writer of Excel workbooks (SpreadsheetML, .xlsx) for large, plain tables.

Why our own: a year of a jurisdiction is 100,000 orders and as many completions, and
the report must be built in about a second; per-cell objects (xlsxwriter, openpyxl)
cost ten times that. Here a sheet is a list of typed columns and rows of plain values;
cells are rendered column by column (xlsx_cells), text goes to the shared-string table
once, and the XML streams into the zip in chunks.

What it writes: shared strings, number/date/percent styles, a bold header row that
is frozen and filtered, column widths, and (see xlsx_chart) a native bar chart.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape

from bot.reports.xlsx_cells import HEADER_STYLE, KINDS, number_cells, rows_xml, text_cells
from bot.reports.xlsx_chart import BarChart, chart_xml, column_letter, drawing_rels, drawing_xml

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0
_SEPARATOR = "\x1f"  # one of them
CHUNK = 5000  # rows rendered at a time


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = "text"  # see KINDS; dates are Excel serial days
    shift: float = 0.0  # added to each number as it is written (see number_cells)


@dataclass
class Sheet:
    """A table given as `rows`, or as `data`: a function giving one sequence of values per
    column, called when the sheet is written (cheaper for long tables: no tuple per row is
    built only to be taken apart again, and one long table at a time is held)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()
    chart: BarChart | None = None
    data: Callable[[], Sequence[Sequence[Any]]] | None = None
    count: int = field(default=0, init=False)  # rows written

    def chunks(self) -> Iterator[Sequence[Sequence[Any]]]:
        """The table CHUNK rows at a time, as columns."""
        if self.data is not None:
            columns = self.data()
            total = len(columns[0]) if columns else 0
            for start in range(0, total, CHUNK):
                yield [values[start : start + CHUNK] for values in columns]
            return
        rows = iter(self.rows)
        while chunk := list(islice(rows, CHUNK)):
            yield list(zip(*chunk, strict=True))


def _clean(text: str) -> str:
    return escape(_CONTROL.sub("", text))


def _string_items(strings: Iterable[Any]) -> str:
    """The shared-string table's items. A year's report has 110,000 strings (order codes):
    they are cleaned and escaped as one text, apart only when one holds a character XML
    forbids (the separator is one of them, so it is in no string otherwise)."""
    texts = list(map(str, strings))
    item = '</t></si><si><t xml:space="preserve">'
    if _CONTROL.search("".join(texts)):
        body = item.join(map(_clean, texts))
    else:
        body = escape(_SEPARATOR.join(texts)).replace(_SEPARATOR, item)
    return f'<si><t xml:space="preserve">{body}</t></si>' if texts else ""


class Workbook:
    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self._strings: dict[str, int] = {}

    def add(self, sheet: Sheet) -> Sheet:
        if len(sheet.name) > 31 or any(c in sheet.name for c in "[]:*?/\\"):
            raise ValueError(f"bad sheet name {sheet.name!r}")
        self.sheets.append(sheet)
        return sheet

    # --- cells ------------------------------------------------------------------

    def _rows(self, sheet: Sheet) -> Iterator[str]:
        header = "".join(
            f'<c s="{HEADER_STYLE}" t="s"><v>{self._string(c.header)}</v></c>'
            for c in sheet.columns
        )
        yield f'<row r="1">{header}</row>'
        number = 2
        for columns in sheet.chunks():
            cells = [
                text_cells(values, self._strings)
                if col.kind == "text"
                else number_cells(values, col.kind, col.shift)
                for col, values in zip(sheet.columns, columns, strict=True)
            ]
            yield rows_xml(number, cells)
            number += len(columns[0])
        sheet.count = number - 2

    def _string(self, text: str) -> int:
        return self._strings.setdefault(text, len(self._strings))

    # --- parts ------------------------------------------------------------------

    def _sheet_parts(self, sheet: Sheet, position: int) -> tuple[str, Iterator[str]]:
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
            for i, c in enumerate(sheet.columns, start=1)
        )
        view = "" if position else ' tabSelected="1"'
        head = (
            f'{_HEAD}<worksheet {_NS} {_NS_R}><sheetViews><sheetView workbookViewId="0"{view}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        )
        return head, self._rows(sheet)

    def _sheet_tail(self, sheet: Sheet) -> str:
        last = f"{column_letter(len(sheet.columns) - 1)}{sheet.count + 1}"
        drawing = '<drawing r:id="rId1"/>' if sheet.chart else ""
        return (
            f'</sheetData><autoFilter ref="A1:{last}"/>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            f'footer="0.3"/>{drawing}</worksheet>'
        )

    def to_bytes(self) -> bytes:
        if not self.sheets:
            raise ValueError("a workbook needs a sheet")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            charts = 0
            for position, sheet in enumerate(self.sheets):
                head, rows = self._sheet_parts(sheet, position)
                tail = (self._sheet_tail(sheet) for _ in "x")  # once the rows are counted
                parts = itertools.chain([head], rows, tail)
                _stream(z, f"xl/worksheets/sheet{position + 1}.xml", parts)
                if sheet.chart:
                    charts += 1
                    self._write_chart(z, sheet, position + 1, charts)
            z.writestr("xl/sharedStrings.xml", self._shared_strings())
            z.writestr("xl/styles.xml", _styles())
            z.writestr("xl/workbook.xml", self._workbook_xml())
            z.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            z.writestr("[Content_Types].xml", self._content_types(charts))
            z.writestr(
                "_rels/.rels",
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            )
        return out.getvalue()

    def _write_chart(self, z: zipfile.ZipFile, sheet: Sheet, sheet_no: int, n: int) -> None:
        assert sheet.chart is not None
        z.writestr(
            f"xl/worksheets/_rels/sheet{sheet_no}.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/drawing" Target="../drawings/drawing{n}.xml"/></Relationships>',
        )
        z.writestr(f"xl/drawings/drawing{n}.xml", drawing_xml(sheet.chart, len(sheet.columns)))
        z.writestr(f"xl/drawings/_rels/drawing{n}.xml.rels", drawing_rels(n))
        z.writestr(f"xl/charts/chart{n}.xml", chart_xml(sheet.chart, sheet.name, sheet.count))

    def _shared_strings(self) -> str:
        n = len(self._strings)
        return (
            f'{_HEAD}<sst {_NS} count="{n}" uniqueCount="{n}">{_string_items(self._strings)}</sst>'
        )

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name="{_clean(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self.sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{_clean(s.name)}'!$A$1:${column_letter(len(s.columns) - 1)}${s.count + 1}"
            "</definedName>"
            for i, s in enumerate(self.sheets)
        )
        return (
            f"{_HEAD}<workbook {_NS} {_NS_R}><bookViews><workbookView/></bookViews>"
            f"<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
        )

    def _workbook_rels(self) -> str:
        n = len(self.sheets)
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        rels += (
            f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'

    def _content_types(self, charts: int) -> str:
        parts = [
            ("/xl/workbook.xml", f"{_CT}.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", f"{_CT}.spreadsheetml.styles+xml"),
            ("/xl/sharedStrings.xml", f"{_CT}.spreadsheetml.sharedStrings+xml"),
        ]
        parts += [
            (f"/xl/worksheets/sheet{i}.xml", f"{_CT}.spreadsheetml.worksheet+xml")
            for i in range(1, len(self.sheets) + 1)
        ]
        for i in range(1, charts + 1):
            parts.append((f"/xl/drawings/drawing{i}.xml", f"{_CT}.drawing+xml"))
            parts.append((f"/xl/charts/chart{i}.xml", f"{_CT}.drawingml.chart+xml"))
        overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
        return (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>"
        )


def _stream(z: zipfile.ZipFile, name: str, parts: Iterable[str]) -> None:
    with z.open(name, "w") as member:
        for text in parts:
            member.write(text.encode())


def _styles() -> str:
    formats = [(i, fmt) for i, (_, fmt, _) in enumerate(KINDS.values(), start=164) if fmt]
    num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(f)}"/>' for i, f in formats)
    ids = {fmt: i for i, fmt in formats}
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    xfs.append(
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
        'applyFill="1"><alignment vertical="center" wrapText="1"/></xf>'
    )
    for _, fmt, _ in KINDS.values():
        number = ids[fmt] if fmt else 0
        xfs.append(
            f'<xf numFmtId="{number}" fontId="0" fillId="0" borderId="0" xfId="0" '
            f'applyNumberFormat="1"/>'
        )
    return (
        f'{_HEAD}<styleSheet {_NS}><numFmts count="{len(formats)}">{num_fmts}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid">'
        '<fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
