"""Writes to responses shared by the questionnaire, the admin side and the demo-data command."""
