"""Instruments as data, their validation, the scoring engine and the WTForms classes built from them.

Plain Python: nothing here imports Flask's app machinery, a database or `webapp`.
"""
