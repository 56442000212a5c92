"""Admin views: load, check, call a query or a service, render or redirect. URLs are all here."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any

from babel.numbers import NumberPattern, parse_pattern
from flask import Response as HttpResponse
from flask import abort, current_app, flash, redirect, render_template, request, send_file, session, stream_with_context, url_for
from flask_babel import format_datetime, format_decimal, format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from forms.model import Instrument
from webapp import limits
from webapp.admin import blueprint, detail, exports, pages, queries, sections, services
from webapp.admin.auth import admin_required, safe_next
from webapp.admin.forms import ConfirmForm, FilterForm, FreeTextFilterForm, SignInForm
from webapp.boundary import page_number
from webapp.i18n import current_language, organisation_name
from webapp.instruments import registry
from webapp.jobs import specs
from webapp.jobs.admin_documents import queued
from webapp.jobs.connection import queue_configured
from webapp.models import Response


def current_instrument() -> Instrument:
    """The instrument the admin pages look at: ?instrument=slug, else the default."""
    slug = request.args.get("instrument")
    instrument = registry().get(slug) if slug else registry().default
    if instrument is None:
        abort(404)
    return instrument


def response_or_404(reference: str) -> Response:
    response = queries.response_by_reference(reference)
    if response is None:
        abort(404)
    return response


# ------------------------------------------------------------------ sign-in
@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        wait = limits.sign_in_wait(form.email.data)
        if wait:
            return _sign_in_refused(form, wait)
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            return _signed_in(user)
        error = _("The email address or the password is wrong.")
    status = 200 if not (form.errors or error) else 400
    return render_template("admin/sign_in.html", form=form, error=error), status


def _signed_in(user):
    """A fresh session (nothing carried over but the language), and this browser known to the account."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    answer = redirect(safe_next(request.args.get("next")))
    limits.remember_browser(answer, user.email)
    return answer


def _sign_in_refused(form: SignInForm, wait: int):
    """Too many attempts (from this address, or on this account from unknown browsers): say how long to wait."""
    error = _("Too many sign-in attempts. Wait %(time)s and try again.", time=format_timedelta(timedelta(seconds=wait), threshold=1))
    page = render_template("admin/sign_in.html", form=form, error=error)
    return page, 429, {"Retry-After": str(wait)}


@blueprint.post("/sign-out")
def sign_out():
    services.end_every_session(current_user)  # a copy of the cookie taken before no longer opens anything
    logout_user()
    session.clear()
    flash(_("You are signed out."), "success")
    return redirect(url_for("admin.sign_in"))


@blueprint.get("/")
def index():
    return redirect(url_for("admin.priorities"))


# ------------------------------------------------------------------ responses
@blueprint.get("/responses")
def responses():
    instrument = current_instrument()
    form = FilterForm(instrument, formdata=request.args)
    form.validate()
    filters = form.filters(instrument.slug)
    page = queries.response_page(filters, page_number())
    names = pages.labels(instrument, current_language())
    return render_template("admin/responses.html", form=form, page=page, names=names, instrument=instrument, filters=filters)


@blueprint.get("/responses/<reference>")
def response_detail(reference: str):
    response = response_or_404(reference)
    instrument = detail.instrument_of(response) or registry().get(response.instrument_slug) or registry().default
    names = pages.labels(instrument, current_language())
    report = detail.report_context(response, current_language())
    draft = detail.draft_rows(response, current_language())
    return render_template("admin/response.html", response=response, report=report, names=names, draft=draft, confirm=ConfirmForm())


@blueprint.get("/responses/<reference>/pdf")
def response_pdf(reference: str):
    response = response_or_404(reference)
    pdf = detail.response_pdf(response, current_language(), current_app.config.get("PDF_PAGE_SIZE", "A4"))
    if pdf is None:
        abort(404)
    return HttpResponse(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{reference}.pdf"'})


@blueprint.route("/responses/<reference>/anonymise", methods=["GET", "POST"])
@admin_required
def anonymise(reference: str):
    response = response_or_404(reference)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.anonymise_response(response, current_user, registry().answered_on(response.instrument_slug, response.instrument_version))
        flash(
            _("Response %(reference)s is anonymised: organisation and free text removed, scores kept.", reference=reference),
            "success",
        )
        return redirect(url_for("admin.response_detail", reference=reference))
    return render_template("admin/confirm.html", response=response, form=form, action="anonymise")


@blueprint.route("/responses/<reference>/delete", methods=["GET", "POST"])
@admin_required
def delete(reference: str):
    response = response_or_404(reference)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_response(response, current_user)
        flash(_("Response %(reference)s is deleted.", reference=reference), "success")
        return redirect(url_for("admin.responses"))
    return render_template("admin/confirm.html", response=response, form=form, action="delete")


# ------------------------------------------------------------------ aggregates
@blueprint.get("/issues/<issue>")
def issue(issue: str):
    instrument = current_instrument()
    if issue not in pages.issue_order(instrument):
        abort(404)
    language = current_language()
    data = pages.issue_page(instrument, issue, language)
    called = sections.called_for_section(instrument, issue, language, data["groups"], data["overall"]["n"])
    text_form = FreeTextFilterForm(instrument, formdata=request.args)
    text_form.validate()
    said = sections.free_text_section(instrument, text_form.filters(issue), page_number("text_page"), language)
    return render_template("admin/issue.html", data=data, instrument=instrument, called=called, said=said, text_form=text_form)


@blueprint.get("/priorities")
def priorities():
    instrument = current_instrument()
    data = pages.priority_page(instrument, current_language())
    by_group = sections.issue_by_group(instrument, current_language(), data["rows"])
    return render_template("admin/priorities.html", data=data, instrument=instrument, rule=pages.ranking_rule(), by_group=by_group)


# ------------------------------------------------------------------ exports
def _export_filters(instrument: Instrument):
    form = FilterForm(instrument, formdata=request.args)
    form.validate()
    return form.filters(instrument.slug)


def _filename(extension: str) -> str:
    return f"responses-{datetime.now(UTC):%Y%m%d-%H%M}.{extension}"


def _export(build, extension: str, mimetype: str, stream: bool, most: int | None = None):
    """The responses the list's filters select, as an attachment, streamed so that memory stays
    flat: row by row (`stream`), else from the file `build` wrote (closed once sent). With `most`
    (a spreadsheet, sent only once built), a larger selection is sent back to the list instead."""
    instrument = current_instrument()
    filters = _export_filters(instrument)
    count = queries.response_count(filters)
    if most is not None and count > most:
        return _too_many_for_a_spreadsheet(count, most)
    services.record_export(current_user, extension, filters, count)
    body = build(instrument, filters)
    filename = _filename(extension)
    if not stream:
        return send_file(body, mimetype=mimetype, as_attachment=True, download_name=filename)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return HttpResponse(stream_with_context(body), mimetype=mimetype, headers=headers)


def _too_many_for_a_spreadsheet(count: int, most: int):
    """It would outlast the worker's timeout: say so, on the list the export came from."""
    message = _(
        "A spreadsheet holds at most %(limit)s responses, and these filters select %(count)s. "
        "Narrow the filters, or download the CSV, which has no limit.",
        limit=format_decimal(most),
        count=format_decimal(count),
    )
    flash(message, "warning")
    filters: dict[str, Any] = request.args.to_dict()
    return redirect(url_for("admin.responses", **filters))


@blueprint.get("/export/responses.csv")
def export_csv():
    return _export(exports.csv_chunks, "csv", "text/csv", stream=True)


@blueprint.get("/export/codebook.csv")
def export_codebook() -> HttpResponse:
    body = exports.codebook_csv(current_instrument(), current_language())
    headers = {"Content-Disposition": f'attachment; filename="codebook-{current_language()}.csv"'}
    return HttpResponse(body, mimetype="text/csv", headers=headers)


@blueprint.get("/export/responses.json")
def export_json():
    return _export(exports.json_chunks, "json", "application/json", stream=True)


@blueprint.get("/export/responses.xlsx")
def export_xlsx():
    if queue_configured():  # built by a worker, whatever its size
        instrument = current_instrument()
        return queued(specs.spreadsheet(instrument, _export_filters(instrument), current_language()))
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _export(exports.xlsx_file, "xlsx", mimetype, stream=False, most=current_app.config["SPREADSHEET_MAX_RESPONSES"])


@blueprint.get("/export/briefing.pdf")
def export_briefing():
    from reports.briefing import render_briefing_pdf

    instrument = current_instrument()
    if queue_configured():
        return queued(specs.briefing(instrument, current_language()))
    briefing = pages.briefing(instrument, current_language(), organisation_name())
    pdf = render_briefing_pdf(briefing, _, current_app.config.get("PDF_PAGE_SIZE", "A4"))
    services.record_export(current_user, "briefing.pdf", None, None)
    headers = {"Content-Disposition": f'attachment; filename="briefing-{datetime.now(UTC):%Y%m%d}.pdf"'}
    return HttpResponse(pdf, mimetype="application/pdf", headers=headers)


# ------------------------------------------------------------------ audit log
@blueprint.get("/audit")
def audit():
    page = page_number()
    entries, more = queries.audit_page(page)
    return render_template("admin/audit.html", entries=entries, page=page, more=more)


@functools.cache
def _number_pattern(digits: int) -> NumberPattern:
    """Grouped thousands and `digits` decimals, parsed once (an issue's page shows a thousand numbers)."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))


@blueprint.context_processor
def number_helpers() -> dict:
    """Numbers and shares in the page's language; "–" where there is nothing to show."""
    from flask_babel import format_percent, get_locale

    locale = get_locale()

    def num(value: float | None, digits: int = 0) -> str:
        return "–" if value is None else _number_pattern(digits).apply(round(value, digits), locale)

    def pct(value: float | None) -> str:
        return "–" if value is None else format_percent(value)

    def when(value: datetime | None, style: str = "medium") -> str:
        if value is None:
            return "–"
        return format_datetime(value, style)

    return {"num": num, "pct": pct, "when": when}
