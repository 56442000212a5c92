"""The aggregate briefing as a tagged PDF: key messages, the priority list, then a page per issue
(each of its pages headed by the issue's title).

Takes plain data (built by the web app's admin area from its database aggregates): strings,
numbers, lists and ready SVG chart markup. Knows nothing of Flask or the database. Resources come
only through the package's URL fetcher (its own fonts), like the recommendation PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import weasyprint
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from reports.fetcher import BASE_URL, PackageFetcher
from reports.i18n import Gettext, Translator, identity, number, percent
from reports.key_messages import key_messages

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

STYLE = """
@font-face { font-family: "Report Sans"; src: url("fonts/DejaVuSans.ttf") format("truetype");
             font-weight: normal; }
@font-face { font-family: "Report Sans"; src: url("fonts/DejaVuSans-Bold.ttf") format("truetype");
             font-weight: bold; }
@page { size: {{ page_size }}; margin: 20mm 18mm 22mm 18mm;
  @bottom-left { content: {{ footer }}; font-family: "Report Sans"; font-size: 7.5pt; color: #505a5f; }
  @top-left { content: string(issue-title); font-family: "Report Sans"; font-size: 8pt; font-weight: bold; color: #1d3d5c; }
  @bottom-right { content: counter(page) " / " counter(pages); font-family: "Report Sans"; font-size: 7.5pt;
                  color: #505a5f; } }
html { font-family: "Report Sans", sans-serif; font-size: 9.5pt; color: #0b0c0c; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4mm; color: #1d3d5c; }
h2 { font-size: 14pt; margin: 0 0 3mm; color: #1d3d5c; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; }
section.issue { break-before: page; }
/* Every page of an issue carries its title: the running header repeats the issue's heading. */
h2.issue-title { string-set: issue-title content(); }
.key-messages li { margin-bottom: 1.5mm; }
.key-messages { font-size: 10.5pt; padding-left: 5mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
th, td { border-bottom: 0.5pt solid #b1b4b6; padding: 1mm 1.5mm 1mm 0; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
tr { break-inside: avoid; }
.lead { font-size: 11pt; }
.muted { color: #505a5f; }
.warning { font-weight: bold; color: #8a1f11; }
svg { width: 100%; height: auto; }
figure { margin: 2mm 0 4mm; break-inside: avoid; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<meta name="author" content="{{ organisation }}">
<meta name="description" content="{{ _('Priority list and per-issue figures of the consultation') }}">
<meta name="generator" content="reengage">
<meta name="dcterms.created" content="{{ generated_iso }}">
<style>{{ style }}</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="lead">{{ instrument_title }}</p>
<p class="muted">{{ _('%(organisation)s. Generated %(date)s from %(count)s submitted responses.',
  organisation=organisation, date=generated, count=total) }}</p>

<h2>{{ _('Key messages') }}</h2>
<ul class="key-messages">
{% for message in key_messages %}<li>{{ message }}</li>
{% endfor %}
</ul>

<h2 class="list-title">{{ _('Priority list') }}</h2>
{% for paragraph in rule %}<p>{{ paragraph }}</p>{% endfor %}
<figure>{{ priority.chart }}</figure>
<table>
<caption>{{ _('Issues ranked') }}</caption>
<thead><tr>
  <th>{{ _('Rank') }}</th><th>{{ _('Issue') }}</th><th class="n">{{ _('Responses') }}</th>
  <th class="n">{{ _('Benefit') }}</th><th class="n">{{ _('Risk') }}</th><th class="n">{{ _('Agreement') }}</th>
  <th class="n">{{ _('Red lines') }}</th><th class="n">{{ _('Score') }}</th><th>{{ _('Notes') }}</th>
</tr></thead>
<tbody>
{% for row in priority.rows %}
<tr>
  <td>{{ row.rank or '–' }}</td><td>{{ row.label }}</td><td class="n">{{ row.n }}</td>
  <td class="n">{{ num(row.benefit) }}</td><td class="n">{{ num(row.risk) }}</td><td class="n">{{ pct(row.agreement) }}</td>
  <td class="n">{{ row.gated }}</td><td class="n">{{ num(row.score) }}</td>
  <td>
  {% if row.red_lined %}{{ _('Not on the agenda as scoped: most responses hit a red line.') }} {% endif %}
  {% if row.split %}{{ _('Split.') }} {% endif %}
  {% if row.too_few %}
  <span class="warning">{{ _('Too few responses (under %(n)s).', n=priority.min_responses) }}</span>
  {% endif %}
  </td>
</tr>
{% endfor %}
</tbody>
</table>

{% for issue in issues %}
<section class="issue">
<h2 class="issue-title">{{ issue.title }}</h2>
<p>{{ _('%(n)s submitted responses; agreement %(agreement)s; red line hit by %(gated)s.',
  n=issue.overall.n, agreement=pct(issue.overall.agreement), gated=issue.overall.gated) }}
{% if issue.overall.split %}<span class="warning">{{ _('Respondents are split on this issue.') }}</span>{% endif %}
{% if issue.overall.n < issue.min_responses %}<span class="warning">{{ _('Too few responses to rely on.') }}</span>{% endif %}
</p>
{% if issue.overall.n %}
<figure>{{ issue.charts.tiers }}</figure>
<table>
<caption>{{ _('Tier distribution') }}</caption>
<thead><tr>
  <th>{{ _('Respondents') }}</th><th class="n">{{ _('Responses') }}</th>
  {% for tier in issue.tiers %}<th class="n">{{ tier }}</th>{% endfor %}
  <th class="n">{{ _('Red lines') }}</th><th class="n">{{ _('Agreement') }}</th>
</tr></thead>
<tbody>
{% for group in [issue.overall] + issue.groups %}
<tr>
  <td>{{ group.label }}</td><td class="n">{{ group.n }}</td>
  {% for t in group.tier_counts %}<td class="n">{{ t.count }}</td>{% endfor %}
  <td class="n">{{ group.gated }}</td><td class="n">{{ pct(group.agreement) }}</td>
</tr>
{% endfor %}
</tbody>
</table>
<figure>{{ issue.charts.criteria }}</figure>
<table>
<caption>{{ _('Criterion scores (0 to 100)') }}</caption>
<thead><tr>
  <th>{{ _('Criterion') }}</th><th class="n">{{ _('Scored') }}</th><th class="n">{{ _('Mean') }}</th>
  <th class="n">{{ _('Median') }}</th><th class="n">{{ _('Spread') }}</th><th class="n">{{ _('Agreement') }}</th>
</tr></thead>
<tbody>
{% for c in issue.overall.criteria %}
<tr>
  <td>{{ c.id }} {{ c.title }}</td><td class="n">{{ c.n }}</td><td class="n">{{ num(c.mean) }}</td>
  <td class="n">{{ num(c.median) }}</td><td class="n">{{ num(c.spread) }}</td>
  <td class="n">{{ pct(c.agreement) }}{% if c.split %} ({{ _('split') }}){% endif %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% endif %}
</section>
{% endfor %}
</body>
</html>
"""

_environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _css_string(value: str) -> Markup:
    safe = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in " .,:;-_" else f"\\{ord(ch):06x}" for ch in value)
    return Markup(f'"{safe}"')  # nosec B704 # every character but [A-Za-z0-9 .,:;-_] is CSS-escaped above


def render_briefing_html(briefing: Mapping[str, Any], gettext: Gettext = identity, page_size: str = "A4") -> str:
    """The briefing's HTML. `briefing` holds: title, organisation, instrument_title, language,
    generated (display), generated_iso, total, rule (paragraphs), priority {rows, chart,
    min_responses}, issues [{title, overall, groups, tiers, charts, min_responses}]."""
    if page_size not in ("A4", "Letter"):
        raise ValueError(f"page_size must be A4 or Letter, not {page_size!r}")
    translate = Translator(gettext)
    language = briefing.get("language", "en")

    def num(value: float | None) -> str:
        return "–" if value is None else number(value, language, 0)

    def pct(value: float | None) -> str:
        return "–" if value is None else percent(value, language)

    style = _environment.from_string(STYLE).render(page_size=page_size, footer=_css_string(str(briefing["title"])))
    data = dict(briefing)
    data["priority"] = {**briefing["priority"], "chart": Markup(briefing["priority"]["chart"])}  # nosec B704 # the chart is SVG built by reports/svg.py, which escapes every text
    data["issues"] = [{**issue, "charts": {k: Markup(v) for k, v in issue["charts"].items()}} for issue in briefing["issues"]]  # nosec B704 # charts are SVG built by reports/svg.py, which escapes every text
    messages = key_messages(briefing, translate)
    return _environment.from_string(TEMPLATE).render(**data, style=Markup(style), _=translate, num=num, pct=pct, key_messages=messages)  # nosec B704 # as above; style is rendered from our own template


def render_briefing_pdf(
    briefing: Mapping[str, Any], gettext: Gettext = identity, page_size: str = "A4", fetcher: PackageFetcher | None = None
) -> bytes:
    """The aggregate briefing PDF (pass `fetcher` to inspect what was loaded)."""
    html = render_briefing_html(briefing, gettext, page_size)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher if fetcher is not None else PackageFetcher())
    return document.write_pdf(**PDF_OPTIONS)
