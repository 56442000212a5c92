"""The yardstick: a bare Flask "hello" endpoint, served exactly as the app is (gunicorn.conf.py)."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "hello"

    return app
