"""A native Excel bar chart (DrawingML) over two columns of a sheet, and its drawing."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class BarChart:
    title: str
    categories: int  # 0-based column of the labels
    values: int  # 0-based column of the values
    series: str  # the series' name
    percent: bool = False  # the value axis reads 0%–100%…
    height_rows: int = 30  # how many rows tall the chart is drawn


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(text: str, size: int = 1200) -> str:
    return (
        f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size}" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="zh-CN" sz="{size}" b="1"/><a:t>{escape(text)}</a:t></a:r></a:p>'
        "</c:rich></c:tx>"
    )


def chart_xml(chart: BarChart, sheet: str, rows: int) -> str:
    """A horizontal bar chart of `values` against `categories`, rows 2..rows+1."""
    last = rows + 1
    name = escape(sheet.replace("'", "''"))
    cats, vals = (
        f"'{name}'!${column_letter(c)}$2:${column_letter(c)}${last}"
        for c in (chart.categories, chart.values)
    )
    fmt = "0%" if chart.percent else "General"
    return (
        f'{_HEAD}<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:roundedCorners val="0"/><c:chart>'
        f'<c:title>{_text(chart.title, 1400)}<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:tx><c:v>{escape(chart.series)}</c:v></c:tx>"
        '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        '<c:dLbls><c:numFmt formatCode="0%" sourceLinked="0"/><c:showLegendKey val="0"/>'
        '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f"<c:cat><c:strRef><c:f>{cats}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{vals}</c:f></c:numRef></c:val></c:ser>"
        '<c:gapWidth val="60"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>'
        '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/>'
        '<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="t"/>'
        "<c:majorGridlines/>"
        f'<c:numFmt formatCode="{fmt}" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/>'
        '<c:crosses val="max"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def drawing_xml(chart: BarChart, columns: int) -> str:
    """The chart placed to the right of the table, from the top."""
    return (
        f'{_HEAD}<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">'
        "<xdr:twoCellAnchor>"
        f"<xdr:from><xdr:col>{columns + 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
        "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
        f"<xdr:to><xdr:col>{columns + 12}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f"<xdr:row>{chart.height_rows + 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/>'
        "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>"
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
        f'<a:graphic><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="rId1"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        "</xdr:wsDr>"
    )


def drawing_rels(n: int) -> str:
    return (
        f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{_R}/chart" '
        f'Target="../charts/chart{n}.xml"/></Relationships>'
    )
