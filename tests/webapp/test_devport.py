"""`make run`'s port check: a taken port gets a clear message naming a free port to use instead."""

from __future__ import annotations

import socket

import pytest

from webapp import devport


@pytest.fixture
def taken_port():  # type: ignore[no-untyped-def]
    """A port some other program is listening on, for the length of the test."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind((devport.DEFAULT_HOST, 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_free_port_passes_silently(capsys):
    with socket.socket() as probe:
        probe.bind((devport.DEFAULT_HOST, 0))
        port = probe.getsockname()[1]
    assert devport.main([str(port)]) == 0
    assert capsys.readouterr().err == ""


def test_a_taken_port_is_refused_with_a_free_one_suggested(taken_port, capsys):
    assert devport.main([str(taken_port)]) == 1
    err = capsys.readouterr().err
    assert f"Port {taken_port} is already in use" in err
    suggested = int(err.rsplit("PORT=", 1)[1])
    assert suggested > taken_port and devport.port_is_free(suggested)


def test_the_advice_without_a_free_port_says_how_to_choose_one():
    assert "make run PORT=<number>" in devport.taken_port_advice(5000, None)


@pytest.mark.parametrize("argument", ["abc", "0", "70000"])
def test_a_malformed_port_is_explained(argument, capsys):
    assert devport.main([argument]) == 2
    assert "PORT must be a number" in capsys.readouterr().err
