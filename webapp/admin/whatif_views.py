"""What-if weights on the priority list: the page and the weights as an instrument file (both GET: nothing changes)."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import redirect, render_template, request, url_for

from webapp.admin import blueprint, whatif
from webapp.admin.views import current_instrument
from webapp.boundary import link_args
from webapp.i18n import current_language


def _tried_form(instrument):
    """The form, read from the query string once any weight is in it (else the instrument's weights)."""
    tried = any(key.startswith("w_") for key in request.args)
    return whatif.whatif_form(instrument, current_language(), request.args if tried else None), tried


@blueprint.get("/priorities/what-if")
def whatif_weights():
    instrument = current_instrument()
    form, tried = _tried_form(instrument)
    data = whatif.whatif_page(instrument, form.weights(), current_language()) if tried and form.validate() else None
    page = render_template("admin/whatif.html", form=form, data=data, instrument=instrument, movement=whatif.movement)
    return page, 400 if form.errors else 200


@blueprint.get("/priorities/what-if/instrument.yaml")
def whatif_instrument_file():
    instrument = current_instrument()
    form, tried = _tried_form(instrument)
    weights = form.weights() if tried and form.validate() else None
    if weights is None or not all(w > 0 for w in weights.values()):
        return redirect(url_for("admin.whatif_weights", **link_args()))
    filename, text = whatif.weights_instrument_file(instrument, weights)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return HttpResponse(text, mimetype="application/yaml", headers=headers)
