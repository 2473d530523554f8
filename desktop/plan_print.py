"""The printed support plan (Förderplan, issue 20): A4, the German plan, then the same plan in
the client's language (right-to-left and shaped for Arabic, Persian and Dari), then the
signature lines for the client and the caseworker with their captions in both languages.

The words come from :mod:`casefile.plan_text` (``resources/plan/plan_texts.json``); this module
lays them out as rich text and prints them with Qt (``desktop.pdf``), as the referral slip does
(desktop.referral_slip: the shipped DejaVu fonts, Qt's HarfBuzz shaping, German values embedded
left-to-right in a right-to-left block). Needs a ``QGuiApplication``; may run on a worker of the
operation layer.
"""

from __future__ import annotations

import html
from pathlib import Path

from casefile import plan_text
from casefile.records import Client, PlanGoal, PlanStep, SupportPlan
from desktop import pdf
from desktop.referral_slip import _value

GREY = "#4a5160"
NOWRAP = ' style="white-space:nowrap"'  # a date is never broken over two lines


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def _p(text: str, rtl: bool, style: str = "", tag: str = "p", value: bool = False) -> str:
    d, align = ("rtl", "right") if rtl else ("ltr", "left")
    body = _value(text, rtl) if value else _esc(text)
    return f'<{tag} dir="{d}" align="{align}" style="{style}">{body}</{tag}>'


def _section_html(section: plan_text.Section) -> str:
    rtl = section.rtl
    d, align = ("rtl", "right") if rtl else ("ltr", "left")
    out = [
        _p(section.title, rtl, "margin-top:0px; margin-bottom:2px", tag="h2"),
        _p(section.intro, rtl, "margin-top:0px"),
    ]
    facts = "".join(
        f'<tr><td align="{align}" style="color:{GREY}; padding-right:10px; padding-left:10px">'
        f"{_esc(label)}</td>"
        f'<td align="{align}">{_value(value, rtl)}</td></tr>'
        for label, value in section.facts
    )
    if rtl:  # the label column on the right: the cells in reverse order
        facts = "".join(
            f'<tr><td align="right">{_value(value, rtl)}</td>'
            f'<td align="right" style="color:{GREY}; padding-left:10px">{_esc(label)}</td></tr>'
            for label, value in section.facts
        )
    out.append(
        f'<table dir="{d}" width="100%" cellspacing="0" cellpadding="2"'
        f' align="{align}">{facts}</table>'
    )
    if section.note:
        out.append(_p(section.note, rtl, f"color:{GREY}; margin-top:6px"))
    widths = (44, 26, 16, 14)
    for goal in section.goals:
        out.append(_p(goal.heading, rtl, "margin-top:12px; margin-bottom:0px", tag="h3"))
        out.append(
            _p(goal.text, rtl, "margin-top:2px; margin-bottom:0px; font-size:12pt", value=True)
        )
        out.append(_p(goal.achievement, rtl, f"color:{GREY}; margin-top:0px"))
        if not goal.steps:
            out.append(_p(section.no_steps, rtl, f"color:{GREY}"))
            continue
        cols = list(zip(section.headers, widths, strict=True))
        rows = [(s.text, s.who, s.due, s.status) for s in goal.steps]
        dates = {s.due for s in goal.steps}
        if rtl:
            cols.reverse()
            rows = [tuple(reversed(r)) for r in rows]
        head = "".join(
            f'<th width="{w}%" align="{align}" style="background:#eef3f9">{_esc(h)}</th>'
            for h, w in cols
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td align="{align}"{NOWRAP if c in dates else ""}>{_value(c, rtl)}</td>'
                for c in r
            )
            + "</tr>"
            for r in rows
        )
        out.append(
            f'<table dir="{d}" width="100%" cellspacing="0" cellpadding="4" border="1"'
            f' style="border-color:#c7d0dc; border-style:solid">'
            f"<tr>{head}</tr>{body}</table>"
        )
    return "".join(out)


def _lines(items: list[tuple[str, bool]], style: str = "") -> str:
    return "".join(_p(text, rtl, style) for text, rtl in items)


def plan_html(content: plan_text.PlanContent) -> str:
    """The whole print as rich text: one section per language (the second on a new page),
    the signature lines at the end."""
    parts = []
    for i, section in enumerate(content.sections):
        brk = ' style="page-break-before:always"' if i else ""
        parts.append(f"<div{brk}>{_section_html(section)}</div>")
    sig = content.signature
    cell = (
        '<td width="33%" valign="top" style="padding-top:36px; padding-right:8px">'
        "<p>________________________</p>{caption}</td>"
    )
    small = f"font-size:8pt; color:{GREY}; margin-top:0px; margin-bottom:0px"
    parts.append(
        '<div style="margin-top:18px">'
        + _lines(sig.agree, "margin-top:4px; margin-bottom:0px")
        + '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        + cell.format(caption=_lines(sig.place_date, small))
        + cell.format(caption=_lines(sig.client, small))
        + cell.format(caption=_lines(sig.caseworker, small))
        + "</tr></table>"
        + (_p(content.reference, False, small) if content.reference else "")
        + "</div>"
    )
    return f"<html><body>{''.join(parts)}</body></html>"


def print_plan(
    file,
    client: Client,
    language: str,
    path: Path | str,
    *,
    contact: str = "",
    offers: dict[str, str] | None = None,
) -> Path:
    """Write the plan of *file* (``desktop.store.plans.PlanFile``: plan, goals, steps) for
    *client* to *path* as an A4 PDF: German, then *language* (catalog code); returns it."""
    plan: SupportPlan = file.plan
    goals: list[PlanGoal] = file.goals
    steps: list[PlanStep] = file.steps
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.register_fonts()
    content = plan_text.content(
        plan,
        goals,
        steps,
        client,
        language,
        contact=contact,
        offers=offers,
        printable=pdf.printable,
    )
    return pdf.write_html_pdf(
        plan_html(content),
        path,
        title=f"Förderplan: {client.display_name}",
        point_size=10.5,
        margin_mm=16,
    )
