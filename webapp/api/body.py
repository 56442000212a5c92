"""A JSON request body read within limits: its size and its depth, with a message naming the fault.

Python's JSON parser recurses once per level, so a body nested tens of thousands of levels deep
would exhaust the stack; a real score request is three levels deep (body, answers, a list of
choices). The limits are settings: API_MAX_BODY_BYTES and API_MAX_JSON_DEPTH.
"""

from __future__ import annotations

import json

from flask import current_app, request


class BodyError(ValueError):
    """A body that cannot be taken: `code` for programs, the message for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def _depth_exceeds(data: bytes, limit: int) -> bool:
    """True when brackets nest deeper than `limit` (brackets inside strings do not count)."""
    depth, in_string, escaped = 0, False, False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def json_body() -> object:
    """The request's JSON document, or BodyError saying what is wrong with it."""
    config = current_app.config
    most, deepest = config["API_MAX_BODY_BYTES"], config["API_MAX_JSON_DEPTH"]
    if request.content_length is not None and request.content_length > most:
        raise BodyError("body_too_large", f"The body is {request.content_length} bytes; the limit is {most}.")
    data = request.get_data(cache=True)
    if len(data) > most:
        raise BodyError("body_too_large", f"The body is {len(data)} bytes; the limit is {most}.")
    if _depth_exceeds(data, deepest):
        raise BodyError("too_deep", f"The JSON document is nested more than {deepest} levels deep.")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        example = '{"answers": {"question_id": "value"}}'
        raise BodyError("not_json", f"The body is not a JSON document ({str(error)[:120]}). Send a JSON object such as {example}.") from None
