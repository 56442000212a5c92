"""Rendering in a recycled worker process, and the same job in-process."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from forms.engine import score_answers
from forms.loader import InstrumentError, load_instrument, parse_instrument
from reports.i18n import CatalogueGettext
from reports.worker import RenderJob, RenderPool, render_job
from tests.reports.conftest import FIXTURES, MINI_ANSWERS, make_meta


def test_pool_renders_in_a_worker_with_a_picklable_gettext(mini):
    result = score_answers(mini, MINI_ANSWERS["informal"])
    job = RenderJob.for_result(mini, result, make_meta(), gettext=CatalogueGettext({"Summary": "Résumé"}))
    with RenderPool(max_workers=1, max_tasks_per_child=2) as pool:
        futures = [pool.submit(job) for _ in range(3)]  # queued work behind a retiring worker (CPython gh-115634)
        outputs = [future.result(timeout=60) for future in futures]
        assert pool.generations == 2
    assert all(pdf.startswith(b"%PDF-1.7") for pdf in outputs)
    assert len({len(pdf) for pdf in outputs}) == 1
    assert "Résumé" in PdfReader(io.BytesIO(outputs[0])).pages[1].extract_text()


def test_in_process_render_matches(mini):
    result = score_answers(mini, MINI_ANSWERS["informal"])
    assert render_job(RenderJob.for_result(mini, result, make_meta())).startswith(b"%PDF-1.7")


def test_a_result_from_another_instrument_version_is_refused(mini):
    result = score_answers(mini, MINI_ANSWERS["informal"])
    stale = dataclasses.replace(result, record=dataclasses.replace(result.record, instrument_version="0.0"))
    with pytest.raises(ValueError, match="version"):
        render_job(RenderJob.for_result(mini, stale, make_meta()))


def test_an_instrument_not_from_a_file_cannot_go_to_a_worker():
    instrument = parse_instrument((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    result = score_answers(instrument, MINI_ANSWERS["informal"])
    with pytest.raises(ValueError, match="not loaded from a file"):
        RenderJob.for_result(instrument, result, make_meta())


def test_a_job_that_does_not_pickle_fails_its_future_instead_of_hanging(mini):
    result = score_answers(mini, MINI_ANSWERS["informal"])
    job = RenderJob.for_result(mini, result, make_meta(), gettext=lambda message: message)
    with RenderPool(max_workers=1) as pool:
        with pytest.raises(Exception, match="pickle"):
            pool.render(job, timeout=60)


def test_an_instrument_error_in_a_worker_reaches_the_caller_and_the_pool_survives(tmp_path):
    """A broken instrument file reaches the caller as the loader's own error and does not break the pool."""
    path = tmp_path / "mini.yaml"
    path.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    instrument = load_instrument(path)
    job = RenderJob.for_result(instrument, score_answers(instrument, MINI_ANSWERS["informal"]), make_meta())
    with RenderPool(max_workers=1) as pool:
        path.write_text("slug: [unclosed", encoding="utf-8")
        with pytest.raises(InstrumentError, match="not valid YAML"):
            pool.render(job, timeout=60)
        path.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        assert pool.render(job, timeout=60).startswith(b"%PDF")
        assert pool.generations == 1
