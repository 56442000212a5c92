"""Forms of the admin area: sign-in, the response filters (a GET form), confirmation of a change."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms.model import Instrument
from webapp.admin.free_text import FreeTextFilters
from webapp.admin.queries import DEFAULT_SORT, SORTS, ResponseFilters
from webapp.boundary import NoControlCharacters
from webapp.i18n import translate_text


class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")), Length(max=254), NoControlCharacters()])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=1024)])


class ConfirmForm(FlaskForm):
    """A confirmation step: the button is the whole form (plus its CSRF token)."""


def _choices(instrument: Instrument, question_id: str) -> list[tuple[str, str]]:
    if question_id not in instrument.questions:
        return []
    return [(str(o.value), translate_text(o.label)) for o in instrument.question(question_id).options]


class FilterForm(FlaskForm):
    """The list's filters, read from the query string (GET: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    issue = SelectField(_l("Issue"), validators=[Optional()])
    group = SelectField(_l("Stakeholder group"), validators=[Optional()])
    tier = SelectField(_l("Tier"), validators=[Optional()])
    # Submitted by default: the list then counts what the aggregates and the briefing count.
    status = SelectField(_l("Status"), validators=[Optional()], default="submitted")
    gated = SelectField(_l("Red line"), validators=[Optional()])
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date)"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), validators=[Optional()])
    order = SelectField(_l("Order"), validators=[Optional()])

    def __init__(self, instrument: Instrument, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        self.issue.choices = [anything, *_choices(instrument, "issue")]
        self.group.choices = [anything, *_choices(instrument, "stakeholder_group")]
        self.tier.choices = [anything, *[(t.id, translate_text(t.title)) for t in instrument.tiers]]
        self.status.choices = [("submitted", _l("Submitted")), ("draft", _l("Draft")), ("", _l("Any status"))]
        self.gated.choices = [anything, ("yes", _l("Red line hit")), ("no", _l("No red line hit"))]
        self.sort.choices = [
            ("date", _l("Date submitted")),
            ("started", _l("Date started")),
            ("reference", _l("Reference")),
            ("status", _l("Status")),
            ("issue", _l("Issue")),
            ("group", _l("Stakeholder group")),
            ("tier", _l("Tier")),
            ("benefit", _l("Benefit")),
            ("risk", _l("Risk")),
            ("confidence", _l("Confidence")),
        ]
        self.order.choices = [("desc", _l("Descending")), ("asc", _l("Ascending"))]

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date must be the same as or after the start date"))

    def filters(self, instrument_slug: str | None) -> ResponseFilters:
        """The filters as the queries take them (invalid values are ignored)."""
        return ResponseFilters(
            instrument=instrument_slug,
            issue=_valid(self.issue),
            group=_valid(self.group),
            tier=_valid(self.tier),
            status=_valid(self.status),
            gated={"yes": True, "no": False}.get(_valid(self.gated) or ""),
            date_from=_valid(self.date_from),
            date_to=_valid(self.date_to),
            sort=self.sort.data if self.sort.data in SORTS else DEFAULT_SORT,
            descending=self.order.data != "asc",
        )


def _valid(field):
    """A field's value, or None when it is empty or was refused."""
    return None if field.errors or not field.data else field.data


class FreeTextFilterForm(FlaskForm):
    """The filters of an issue page's free-text answers (GET, like the list's)."""

    class Meta:
        csrf = False

    group = SelectField(_l("Stakeholder group"), validators=[Optional()])
    tier = SelectField(_l("Tier"), validators=[Optional()])

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _l("Any"))
        self.group.choices = [anything, *_choices(instrument, "stakeholder_group")]
        self.tier.choices = [anything, *[(t.id, translate_text(t.title)) for t in sorted(instrument.tiers, key=lambda t: t.rank)]]

    def filters(self, issue: str) -> FreeTextFilters:
        return FreeTextFilters(issue=issue, group=_valid(self.group), tier=_valid(self.tier))
