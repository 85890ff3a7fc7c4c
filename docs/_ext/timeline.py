"""A figure of an actor's designation status by jurisdiction, drawn from the data at build time.

``designation-timeline <actor_id>`` places one row per jurisdiction of :meth:`proscribed.Dataset.timeline`:
each status period is a band coloured by status (hatched where the status depends on a date known only
roughly or disputed), each act is a tick with a tooltip, and a thin lane under the band shows when
measures on the actor's *associates* were in force. Those measures are not a listing of the actor, so
the band itself stays "not listed" while they are in force and the lane, in a colour of its own, says what
they are.

The figure is hand-written SVG in a raw HTML node: no JavaScript, no network, nothing to install. Text
and lines are drawn in ``currentColor``, so they follow the page's light or dark theme; the SVG scales to
the content width. It comes in two layouts, of which the site's CSS shows one: labels beside the bands for
wide screens, labels above them for phones. A caption and a table of the periods, in a ``<details>``
element, give the same information to readers who cannot see the figure.
"""

from __future__ import annotations

import datetime
import html
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from data_summary import _DataDirective, jurisdiction_name
from docutils import nodes

import proscribed
from proscribed._schema._models._base import parsed_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "ASSOCIATES",
    "NARROW",
    "WIDE",
    "Band",
    "Layout",
    "Row",
    "build_date",
    "timeline_html",
    "timeline_rows",
    "timeline_svg",
]

ASSOCIATES = "associates"
"""The kind of the bands that show measures on the actor's associates in force."""

COLOURS = {
    proscribed.Status.LISTED.value: "#d55e00",
    proscribed.Status.SUSPENDED.value: "#e69f00",
    proscribed.Status.DELISTED.value: "#0072b2",
    proscribed.Status.NOT_LISTED.value: "currentColor",
    proscribed.Status.UNKNOWN.value: "currentColor",
    ASSOCIATES: "#cc79a7",
}
"""Okabe and Ito's colours, which stay apart for readers with the common colour-vision deficiencies."""

LABELS = {
    proscribed.Status.LISTED.value: "Listed",
    proscribed.Status.SUSPENDED.value: "Suspended",
    proscribed.Status.DELISTED.value: "Delisted",
    proscribed.Status.NOT_LISTED.value: "Not listed (acts on record, none on the organisation itself in force)",
    proscribed.Status.UNKNOWN.value: "Unknown",
    ASSOCIATES: "Measures on associates in force (not a listing of the organisation)",
}

RIGHT_MARGIN = 18
BAND_HEIGHT = 14
LANE_GAP = 2
LANE_HEIGHT = 5
FONT_SIZE = 13
SMALL_FONT_SIZE = 12
LEGEND_LINE = 20
MIN_BAND_WIDTH = 2.0
"""Bands shorter than this (a period of days) are widened to it, so that they remain visible."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The geometry of one version of the figure, in SVG user units (about a CSS pixel at full size)."""

    name: str
    width: float
    plot_left: float
    """Where the time axis starts: after the row labels, or near the edge when labels sit above the bands."""
    row_pitch: float
    labels_above: bool
    max_year_labels: int


WIDE = Layout("wide", width=720, plot_left=140, row_pitch=30, labels_above=False, max_year_labels=12)
"""For the content column of a desktop or tablet: labels beside the bands."""
NARROW = Layout("narrow", width=360, plot_left=14, row_pitch=50, labels_above=True, max_year_labels=7)
"""For phones: labels above the bands, so the time axis has the whole width."""


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of days drawn in one style: a status period, or measures on associates in force."""

    kind: str
    """A :class:`proscribed.Status` value, or :data:`ASSOCIATES`."""
    start: datetime.date
    end: datetime.date
    """The first day after the band (the band covers ``start <= day < end``)."""
    uncertain: bool
    acts: tuple[proscribed.Designation, ...]
    """The act that set the status, or the acts behind the measures on associates."""
    open_end: bool
    """True when the band lasts to the day the figure was drawn."""
    doubts: tuple[str, ...] = ()
    """Why the band is uncertain: the acts whose dates are known only as ranges, in words."""

    @property
    def last_day(self) -> datetime.date:
        """The last day the band covers."""
        return self.end - datetime.timedelta(days=1)

    def describe(self) -> str:
        """One line for a tooltip or a table cell: what, from when, until when, by which act."""
        until = "to date" if self.open_end else f"to {self.last_day.isoformat()}"
        text = f"{LABELS[self.kind]}: {self.start.isoformat()} {until}"
        if self.acts:
            text += " (" + ", ".join(act.designation_id for act in self.acts) + ")"
        if self.uncertain:
            why = "; ".join(self.doubts) or "depends on a date known only roughly or disputed"
            text += f"; uncertain: {why}"
        return text


@dataclass(frozen=True, slots=True)
class Row:
    """One jurisdiction of the figure."""

    jurisdiction: str
    name: str
    bands: tuple[Band, ...]
    associates: tuple[Band, ...]
    acts: tuple[proscribed.Designation, ...]
    effects: tuple[proscribed.ParsedDate, ...] = ()
    """When each act took effect (its instrument's date), in the order of ``acts``."""
    titles: tuple[str, ...] = ()
    """A tooltip for each act, in the order of ``acts``."""


def build_date() -> datetime.date:
    """The day the figure is drawn: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.datetime.now(tz=datetime.UTC).date()


def _first_day(effects: Iterable[proscribed.ParsedDate]) -> datetime.date | None:
    days = [day for effect in effects for day in (effect.lower, effect.upper) if day is not None]
    return min(days, default=None)


def _boundaries(entry: proscribed.JurisdictionTimeline) -> set[datetime.date]:
    """Every day on which something about these acts may change: the bounds of all the dates they record."""
    days: set[datetime.date] = set()
    for act, instrument in zip(entry.acts, entry.instruments, strict=True):
        dates = (instrument.decision_date, instrument.publication_date, instrument.effective_date, act.end_date)
        for value in dates:
            parsed = parsed_date(value)
            if parsed is None:
                continue
            if parsed.lower is not None:
                days.add(parsed.lower)
            if parsed.upper is not None and parsed.upper < datetime.date.max:
                days.add(parsed.upper + datetime.timedelta(days=1))
    return days


def _associate_bands(
    dataset: proscribed.Dataset,
    actor_id: str,
    entry: proscribed.JurisdictionTimeline,
    first: datetime.date,
    today: datetime.date,
) -> tuple[Band, ...]:
    """When measures on the actor's associates were in force, from the status on each boundary day.

    The status periods of a :class:`~proscribed.JurisdictionTimeline` do not change with these measures
    (they do not make the actor listed), so the days are found by asking for the status at every day on
    which an act of the jurisdiction may take effect or lapse.
    """
    if not entry.related_measures:
        return ()
    days = sorted(day for day in _boundaries(entry) | {first} if first <= day < today)
    bands: list[Band] = []
    for index, start in enumerate(days):
        end = days[index + 1] if index + 1 < len(days) else today
        result = dataset.status(actor_id, entry.jurisdiction, start)
        in_force = [chain for chain in result.related_measures if chain.status is proscribed.Status.LISTED]
        if not in_force:
            continue
        acts = tuple(
            dict.fromkeys(act for chain in in_force for act in (chain.root, chain.scope_act) if act is not None)
        )
        band = Band(
            ASSOCIATES,
            start,
            end,
            uncertain=any(chain.uncertain for chain in in_force),
            acts=acts,
            open_end=end == today,
        )
        previous = bands[-1] if bands else None
        if previous is not None and (previous.end, previous.uncertain, previous.acts) == (start, band.uncertain, acts):
            bands[-1] = Band(ASSOCIATES, previous.start, end, band.uncertain, acts, band.open_end)
        else:
            bands.append(band)
    return tuple(bands)


def timeline_rows(dataset: proscribed.Dataset, actor_id: str, today: datetime.date) -> tuple[Row, ...]:
    """One row per jurisdiction of ``dataset.timeline(actor_id)``, in the order of their names.

    Periods without a start begin at the jurisdiction's first act; periods without an end, and periods
    after *today*, end on *today*.
    """
    rows = []
    for entry in dataset.timeline(actor_id):
        effects = tuple(instrument.takes_effect for instrument in entry.instruments)
        first = _first_day(effects) or today
        bands = []
        for period in entry.periods:
            start = max(period.start or first, first)
            end = today if period.end is None else min(period.end + datetime.timedelta(days=1), today)
            if end <= start:
                continue
            act = () if period.act is None else (period.act,)
            doubts = tuple(str(date) for date in period.uncertain_dates)
            bands.append(Band(period.status.value, start, end, period.uncertain, act, end == today, doubts))
        rows.append(
            Row(
                jurisdiction=entry.jurisdiction,
                name=jurisdiction_name(entry.jurisdiction),
                bands=tuple(bands),
                associates=_associate_bands(dataset, actor_id, entry, first, today),
                acts=entry.acts,
                effects=effects,
                titles=tuple(
                    _act_title(dataset, act, instrument)
                    for act, instrument in zip(entry.acts, entry.instruments, strict=True)
                ),
            )
        )
    return tuple(sorted(rows, key=lambda row: row.name))


# --- drawing ----------------------------------------------------------------------------------------


def _attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _short_name(name: str) -> str:
    """A jurisdiction's name without its parenthetical, for the row label."""
    return name.split(" (", 1)[0]


def _text_width(text: str, size: float) -> float:
    """An estimate of the width of *text* in a sans-serif font, for laying out the legend."""
    return len(text) * size * 0.52


@dataclass(frozen=True, slots=True)
class _Scale:
    start: datetime.date
    end: datetime.date
    left: float
    right: float

    def x(self, day: datetime.date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (day - self.start).days / span * (self.right - self.left)


def _swatch(kind: str, x: float, y: float, *, uncertain: bool, pattern: str) -> list[str]:
    height = LANE_HEIGHT if kind == ASSOCIATES else BAND_HEIGHT
    top = y + (BAND_HEIGHT - height) / 2
    return [_rect(kind, (x, top, 22, height), uncertain=uncertain, pattern=pattern)]


def _rect(kind: str, box: tuple[float, float, float, float], *, uncertain: bool, pattern: str) -> str:
    """A band of *kind* at *box* (x, y, width, height), hatched with *pattern* when uncertain."""
    x, y, width, height = box
    colour = COLOURS[kind]
    opacity = 0.16 if colour == "currentColor" else (0.45 if uncertain else 1.0)
    classes = f"band band-{kind}" + (" uncertain" if uncertain else "")
    rect = (
        f'<rect class="{classes}" x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
        f'height="{_number(height)}" fill="{colour}" fill-opacity="{opacity}"/>'
    )
    if uncertain:
        rect += (
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" height="{_number(height)}" '
            f'fill="url(#{pattern})"/>'
        )
    return rect


def _legend(pattern: str, top: float, width: float) -> tuple[list[str], float]:
    """The legend's SVG and its height, its entries flowing onto as many lines as they need."""
    entries: list[tuple[str, bool, str]] = [
        (proscribed.Status.LISTED.value, False, "Listed"),
        (proscribed.Status.SUSPENDED.value, False, "Suspended"),
        (proscribed.Status.DELISTED.value, False, "Delisted"),
        (proscribed.Status.NOT_LISTED.value, False, "Not listed"),
        (ASSOCIATES, False, "Measures on associates in force (not a listing)"),
        (proscribed.Status.LISTED.value, True, "Uncertain"),
        ("act", False, "Act"),
    ]
    parts = ['<g class="legend">']
    x, y = 0.0, top
    for kind, uncertain, label in entries:
        entry_width = 22 + 6 + _text_width(label, SMALL_FONT_SIZE) + 18
        if x > 0 and x + entry_width - 18 > width:
            x, y = 0.0, y + LEGEND_LINE
        if kind == "act":
            parts.append(_tick_mark(x + 11, y))
        else:
            parts.extend(_swatch(kind, x, y, uncertain=uncertain, pattern=pattern))
        parts.append(
            f'<text x="{_number(x + 28)}" y="{_number(y + BAND_HEIGHT / 2)}" dominant-baseline="central" '
            f'font-size="{SMALL_FONT_SIZE}" fill="currentColor">{html.escape(label)}</text>'
        )
        x += entry_width
    parts.append("</g>")
    return parts, y + LEGEND_LINE - top


def _tick_mark(x: float, y: float) -> str:
    top, bottom = y - 3, y + BAND_HEIGHT + 3
    return (
        f'<path d="M{_number(x - 3.5)} {_number(top - 4)}h7l-3.5 4z" fill="currentColor"/>'
        f'<line x1="{_number(x)}" y1="{_number(top)}" x2="{_number(x)}" y2="{_number(bottom)}" '
        'stroke="currentColor" stroke-width="1.5"/>'
    )


def _act_title(dataset: proscribed.Dataset, act: proscribed.Designation, instrument: proscribed.Instrument) -> str:
    scope = "" if act.scope is proscribed.Scope.ENTITY else f", {act.scope.value}"
    measure = dataset.designation_list(act.list_id).measure
    what = f"{act.action.value}, {measure.value}{scope}: {instrument.takes_effect.text}"
    return f"{instrument.title}\n{what}\n{act.designation_id}"


def _acts_by_day(row: Row) -> list[tuple[datetime.date, list[tuple[str, str]]]]:
    """The days acts of the row took effect, each with the identifiers and tooltips of its acts."""
    grouped: dict[datetime.date, list[tuple[str, str]]] = {}
    for act, effect, title in zip(row.acts, row.effects, row.titles, strict=True):
        day = effect.lower or effect.upper
        if day is not None:
            grouped.setdefault(day, []).append((act.designation_id, title))
    return sorted(grouped.items())


def _year_ticks(start: datetime.date, end: datetime.date, most: int) -> tuple[list[int], list[int]]:
    """Years with a labelled grid line (at most about *most*), and years with a small tick only."""
    years = list(range(start.year, end.year + 1))
    step = next((step for step in (1, 2, 5, 10, 20, 50, 100) if len(years) / step <= most), 100)
    labelled = [year for year in years if year % step == 0 and datetime.date(year, 1, 1) >= start]
    return labelled, [year for year in years if datetime.date(year, 1, 1) >= start and year not in labelled]


def timeline_svg(
    rows: Sequence[Row], *, actor_name: str, today: datetime.date, element_id: str, layout: Layout = WIDE
) -> str:
    """The figure as an SVG element, with one ``<g class="timeline-row">`` per row."""
    pattern = f"{element_id}-{layout.name}-hatch"
    width = layout.width
    firsts = [band.start for row in rows for band in (*row.bands, *row.associates)]
    firsts += [day for row in rows for day, _ in _acts_by_day(row)]
    start = datetime.date(min(firsts, default=today).year, 1, 1)
    scale = _Scale(start, today, layout.plot_left, width - RIGHT_MARGIN)
    legend, legend_height = _legend(pattern, 0, width)
    rows_top = legend_height + 14
    rows_bottom = rows_top + layout.row_pitch * len(rows)
    height = rows_bottom + 28
    labelled, minor = _year_ticks(start, today, layout.max_year_labels)
    years = f"{start.year} to {today.year}"
    label = (
        f"Timeline of the designation status of {actor_name} in {len(rows)} jurisdictions, {years}. "
        "The table of periods that follows the figure gives the same information."
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg timeline-{layout.name}" '
            f'viewBox="0 0 {_number(width)} {_number(height)}" '
            f'role="img" aria-label="{_attribute(label)}" font-family="inherit">'
        ),
        (
            f'<defs><pattern id="{pattern}" patternUnits="userSpaceOnUse" width="6" height="6" '
            'patternTransform="rotate(45)">'
            '<rect width="2.5" height="6" fill="currentColor" fill-opacity="0.45"/></pattern></defs>'
        ),
        *legend,
        '<g class="grid">',
    ]
    for year in labelled:
        x = scale.x(datetime.date(year, 1, 1))
        parts.append(
            f'<line x1="{_number(x)}" y1="{_number(rows_top - 4)}" x2="{_number(x)}" y2="{_number(rows_bottom + 4)}" '
            'stroke="currentColor" stroke-opacity="0.18"/>'
            f'<text x="{_number(x)}" y="{_number(rows_bottom + 18)}" text-anchor="middle" '
            f'font-size="{SMALL_FONT_SIZE}" fill="currentColor">{year}</text>'
        )
    for year in minor:
        x = scale.x(datetime.date(year, 1, 1))
        parts.append(
            f'<line x1="{_number(x)}" y1="{_number(rows_bottom)}" x2="{_number(x)}" y2="{_number(rows_bottom + 4)}" '
            'stroke="currentColor" stroke-opacity="0.5"/>'
        )
    parts.append(
        f'<line x1="{_number(layout.plot_left)}" y1="{_number(rows_bottom)}" x2="{_number(width - RIGHT_MARGIN)}" '
        f'y2="{_number(rows_bottom)}" stroke="currentColor" stroke-opacity="0.5"/>'
    )
    parts.append("</g>")
    parts.extend(
        _row_svg(row, scale, rows_top + index * layout.row_pitch, pattern, layout) for index, row in enumerate(rows)
    )
    parts.append("</svg>")
    return "".join(parts)


def _row_svg(row: Row, scale: _Scale, top: float, pattern: str, layout: Layout) -> str:
    band_top = top + (24 if layout.labels_above else 4)
    label_middle = top + 7 if layout.labels_above else band_top + BAND_HEIGHT / 2
    parts = [
        f'<g class="timeline-row" data-jurisdiction="{_attribute(row.jurisdiction)}">',
        f"<title>{html.escape(row.name)}</title>",
        (
            f'<text x="0" y="{_number(label_middle)}" dominant-baseline="central" '
            f'font-size="{FONT_SIZE}" fill="currentColor">{html.escape(_short_name(row.name))}</text>'
        ),
    ]
    # Uncertain bands last, so that a short one is drawn over its neighbours.
    parts.extend(
        _band_svg(band, scale, band_top, BAND_HEIGHT, pattern)
        for band in sorted(row.bands, key=lambda band: band.uncertain)
    )
    lane_top = band_top + BAND_HEIGHT + LANE_GAP
    parts.extend(_band_svg(band, scale, lane_top, LANE_HEIGHT, pattern) for band in row.associates)
    for day, acts in _acts_by_day(row):
        x = scale.x(day)
        title = "\n\n".join(title for _, title in acts)
        identifiers = " ".join(identifier for identifier, _ in acts)
        parts.append(
            f'<g class="act" data-acts="{_attribute(identifiers)}"><title>{html.escape(title)}</title>'
            f"{_tick_mark(x, band_top)}"
            f'<rect x="{_number(x - 5)}" y="{_number(band_top - 8)}" width="10" height="{BAND_HEIGHT + 12}" '
            'fill="transparent"/></g>'
        )
    parts.append("</g>")
    return "".join(parts)


def _band_svg(band: Band, scale: _Scale, top: float, height: float, pattern: str) -> str:
    left = scale.x(band.start)
    width = max(scale.x(band.end) - left, MIN_BAND_WIDTH)
    return (
        f"<g><title>{html.escape(band.describe())}</title>"
        f"{_rect(band.kind, (left, top, width, height), uncertain=band.uncertain, pattern=pattern)}</g>"
    )


# --- the text alternative ---------------------------------------------------------------------------


def _periods_table(rows: Sequence[Row]) -> str:
    """Every band of the figure as a table row, grouped by jurisdiction (a ``<tbody>`` each)."""
    head = "".join(f'<th scope="col">{title}</th>' for title in ("Jurisdiction", "From", "To", "Status", "Acts"))
    groups = []
    for row in rows:
        bands = sorted((*row.bands, *row.associates), key=lambda band: (band.start, band.kind == ASSOCIATES))
        jurisdiction = f"{html.escape(_short_name(row.name))} ({row.jurisdiction})"
        lines = []
        for index, band in enumerate(bands):
            until = "to date" if band.open_end else band.last_day.isoformat()
            acts = "<br>".join(f"<code>{html.escape(act.designation_id)}</code>" for act in band.acts) or "—"
            status = LABELS[band.kind].split(" (", 1)[0]
            certainty = ", <em>uncertain</em>" if band.uncertain else ""
            header = f'<th scope="rowgroup" rowspan="{len(bands)}">{jurisdiction}</th>' if index == 0 else ""
            lines.append(
                f'<tr>{header}<td class="day">{band.start.isoformat()}</td><td class="day">{until}</td>'
                f"<td>{html.escape(status)}{certainty}</td><td>{acts}</td></tr>"
            )
        groups.append("<tbody>" + "".join(lines) + "</tbody>")
    table = f'<table class="docutils timeline-table"><thead><tr>{head}</tr></thead>{"".join(groups)}</table>'
    return f'<div class="timeline-table-wrapper">{table}</div>'


def _time(day: datetime.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def timeline_html(dataset: proscribed.Dataset, actor_id: str, today: datetime.date) -> str:
    """The whole figure: the SVG, its caption, and the table of periods in a ``<details>`` element."""
    actor = dataset.actor(actor_id)
    rows = timeline_rows(dataset, actor_id, today)
    element_id = f"timeline-{actor_id}"
    svgs = "".join(
        timeline_svg(rows, actor_name=actor.name, today=today, element_id=element_id, layout=layout)
        for layout in (WIDE, NARROW)
    )
    caption = (
        f"{html.escape(actor.name)}: designation status by jurisdiction, derived from the acts recorded in "
        f"data version {html.escape(dataset.version)} and drawn on {_time(today)}. A band starts at the "
        "jurisdiction's first recorded act. Not listed: acts are on record, but none on the organisation itself "
        "is in force. A thin lane under a band marks measures on associates (sanctions on named members and "
        "linked entities), which leave the organisation itself not listed. Hatched: the status depends on a "
        "date known only roughly, or disputed. Hover over a tick for the act."
    )
    return (
        f'<figure class="designation-timeline" id="{_attribute(element_id)}">'
        f"{svgs}"
        f"<figcaption>{caption}</figcaption>"
        '<details class="timeline-periods"><summary>The periods as a table</summary>'
        f"{_periods_table(rows)}</details></figure>\n"
    )


class DesignationTimeline(_DataDirective):
    """Place the timeline figure of the actor named by the argument."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Draw the figure from the shipped data."""
        self.env.note_dependency(__file__)
        dataset = self.dataset()
        actor_id = self.arguments[0]
        try:
            dataset.actor(actor_id)
        except KeyError:
            raise self.error(f"designation-timeline: no actor {actor_id!r} in the data") from None
        if not dataset.designations_of(actor_id):
            raise self.error(f"designation-timeline: no designation act on {actor_id!r} is recorded")
        return [nodes.raw("", timeline_html(dataset, actor_id, build_date()), format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("designation-timeline", DesignationTimeline)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
