"""The recommendation report: context, charts and PDF, built from a `forms.result.Result`.

Imports only `forms/` (never Flask or `webapp/`), so a script, a test or a worker can use it alone.
Entry points: `reports.context.build_report_context`, `reports.pdf.render_recommendation_pdf`,
`reports.pdf.cache_key`.
"""
