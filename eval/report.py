"""One report writer for every evaluation and benchmark: a JSON file, a Markdown page and PNG charts.

The JSON holds everything (per-query details included) for later analysis; the Markdown page is
what a person reads, with the charts embedded next to the tables they summarise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass
class Chart:
    """Grouped bars (one group per label, one bar per series) or lines over the labels."""

    filename: str
    title: str
    labels: list[str]
    series: dict[str, list[float]]
    ylabel: str = ""
    xlabel: str = ""
    kind: Literal["bar", "line"] = "bar"
    ylim: tuple[float, float] | None = None


@dataclass
class Report:
    title: str
    payload: dict[str, Any]
    sections: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def add(self, heading: str, *paragraphs: str) -> None:
        self.sections.append("\n\n".join([f"## {heading}", *paragraphs]))

    def write(self, out: Path, stem: str = "report") -> list[Path]:
        """Write `<stem>.json`, `<stem>.md` and one PNG per chart into `out`; return the paths."""
        out.mkdir(parents=True, exist_ok=True)
        written = [out / f"{stem}.json"]
        written[0].write_text(json.dumps(self.payload, indent=2, default=str) + "\n")
        pictures = []
        for chart in self.charts:
            written.append(draw(chart, out / chart.filename))
            pictures.append(f"![{chart.title}]({chart.filename})")
        page = "\n\n".join([f"# {self.title}", *self.sections, *pictures]) + "\n"
        written.insert(1, out / f"{stem}.md")
        written[1].write_text(page)
        return written


def cell(value: object, digits: int = 3) -> str:
    """One table cell: floats rounded, [low, high] pairs as an interval, missing values as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):  # scores (0 to 1) keep `digits` decimals; timings and sizes need fewer
        size = abs(value)
        return f"{value:.{digits if size <= 1 else 2 if size < 10 else 1 if size < 100 else 0}f}"
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{cell(value[0], digits)}–{cell(value[1], digits)}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], digits: int = 3) -> str:
    """A Markdown table; floats get `digits` decimals and missing values a dash."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v, digits) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_table(summary: dict[str, dict[str, Any]], columns: dict[str, str], first: str = "method") -> str:
    """A table with one row per entry of `summary` and one column per `{header: key}`."""
    rows = [[name, *(row.get(key) for key in columns.values())] for name, row in summary.items()]
    return table([first, *columns], rows)


def draw(chart: Chart, path: Path) -> Path:
    """Render a chart with matplotlib's object API (no pyplot state, no display needed)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(max(6.0, 0.9 * len(chart.labels) * max(1, len(chart.series)) ** 0.5), 4.0))
    axes = figure.add_subplot()
    positions = list(range(len(chart.labels)))
    if chart.kind == "bar":
        width = 0.8 / max(1, len(chart.series))
        for i, (name, values) in enumerate(chart.series.items()):
            offset = (i - (len(chart.series) - 1) / 2) * width
            axes.bar([p + offset for p in positions], values, width, label=name)
        axes.set_xticks(positions, chart.labels, rotation=20 if len(chart.labels) > 5 else 0, ha="right")
    else:
        for name, values in chart.series.items():
            axes.plot(positions, values, marker="o", label=name)
        axes.set_xticks(positions, chart.labels)
    if chart.ylim:
        axes.set_ylim(*chart.ylim)
    axes.set_title(chart.title)
    axes.set_ylabel(chart.ylabel)
    axes.set_xlabel(chart.xlabel)
    axes.grid(axis="y", alpha=0.3)
    if len(chart.series) > 1:
        axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return path
