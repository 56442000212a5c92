"""The briefing's key messages, written from its figures: where the case for dialogue is strongest,
where it is weakest, which issues split the respondents (and which groups pull apart), and who
hit the red lines.

Plain data in (the briefing dict of `reports.briefing`), sentences out; the caller's gettext
translates them. No plurals: every count is written as "N of M", which reads in any number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reports.i18n import number, percent

Translate = Callable[..., str]
TOP = 3
MIN_GROUP = 3  # a group's figures speak for it from this many responses


def _series(items: Sequence[str], _: Translate) -> str:
    """A, B and C (in the language of `_`)."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def _signed(value: float, language: str) -> str:
    return ("+" if value > 0 else "") + number(value, language, 0)


def _strongest(rows: Sequence[Mapping[str, Any]], _: Translate, language: str, min_responses: int) -> list[str]:
    ranked = [r for r in rows if r["rank"] and not r["red_lined"] and not r["too_few"] and r["score"] is not None]
    if not ranked:
        return [_("No issue has enough responses (at least %(n)s) to be ranked with confidence.", n=min_responses)]
    top = [_("%(issue)s (priority score %(score)s)", issue=r["label"], score=_signed(r["score"], language)) for r in ranked[:TOP]]
    messages = [_("The strongest cases for resuming dialogue: %(issues)s.", issues=_series(top, _))]
    if len(ranked) > TOP:
        last = ranked[-1]
        messages.append(
            _("The weakest case: %(issue)s (priority score %(score)s).", issue=last["label"], score=_signed(last["score"], language))
        )
    return messages


def _group_net(group: Mapping[str, Any]) -> float | None:
    benefit, risk = group["benefit"]["mean"], group["risk"]["mean"]
    return None if benefit is None or risk is None else benefit - risk


def _split(issues: Sequence[Mapping[str, Any]], _: Translate, language: str) -> list[str]:
    split = [issue for issue in issues if issue["overall"]["split"]]
    if not split:
        return [_("Respondents broadly agree on every issue: none is split.")]
    messages = [
        _("Respondents are split on %(issues)s: read their place in the list with care.", issues=_series([i["title"] for i in split], _))
    ]
    for issue in split:
        groups = [(g, net) for g in issue["groups"] if g["n"] >= MIN_GROUP and (net := _group_net(g)) is not None]
        if len(groups) < 2:
            continue
        (high, high_net), (low, low_net) = max(groups, key=lambda p: p[1]), min(groups, key=lambda p: p[1])
        if high_net - low_net >= 20:
            messages.append(
                _(
                    "On %(issue)s, the net case ranges from %(high_net)s (%(high)s) to %(low_net)s (%(low)s).",
                    issue=issue["title"], high=high["label"], high_net=_signed(high_net, language),
                    low=low["label"], low_net=_signed(low_net, language),
                )
            )
    return messages


def _red_lines(briefing: Mapping[str, Any], _: Translate, language: str) -> list[str]:
    total = sum(r["n"] for r in briefing["priority"]["rows"])
    gated = sum(r["gated"] for r in briefing["priority"]["rows"])
    if not gated:
        return [_("No response hit a red line (sanctions relief).")]
    by_group: dict[str, list[int]] = {}
    for issue in briefing["issues"]:
        for group in issue["groups"]:
            counts = by_group.setdefault(group["label"], [0, 0])
            counts[0] += group["gated"]
            counts[1] += group["n"]
    hit = sorted(((label, g, n) for label, (g, n) in by_group.items() if g), key=lambda t: (-t[1] / t[2], -t[1], t[0]))
    groups = [_("%(group)s (%(count)s of %(n)s, %(share)s)", group=label, count=g, n=n, share=percent(g / n, language)) for label, g, n in hit[:TOP]]
    messages = [
        _("%(count)s of %(total)s responses hit a red line (sanctions relief). The groups that hit it most often: %(groups)s.",
          count=gated, total=total, groups=_series(groups, _))
    ]
    red_lined = [r["label"] for r in briefing["priority"]["rows"] if r["red_lined"]]
    if red_lined:
        messages.append(_("Not on the agenda as scoped, as most of their responses hit a red line: %(issues)s.", issues=_series(red_lined, _)))
    return messages


def key_messages(briefing: Mapping[str, Any], _: Translate) -> list[str]:
    """The briefing's opening messages, most important first; one message when there are no responses."""
    language = briefing.get("language", "en")
    if not briefing.get("total"):
        return [_("No response has been submitted yet.")]
    rows = briefing["priority"]["rows"]
    return [
        *_strongest(rows, _, language, briefing["priority"]["min_responses"]),
        *_split(briefing["issues"], _, language),
        *_red_lines(briefing, _, language),
    ]
