"""Responses: the model, reading and writing them, and what a submission stores.

The questionnaire, the admin side and the demo-data command all read and write responses through
this package (`store` for the writes, `answers` and `report` for what is derived from a row).
"""
