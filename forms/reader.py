"""The instrument file's top level: criteria, tiers, matrix, gates, channels and safeguards."""

from __future__ import annotations

import re

from forms.model import OTHERS_ROLE, Action, Brief, BriefSection, Criterion, Gate, Instrument, Matrix, Rule, Tier
from forms.reading import ID_PATTERN, kind_of, known
from forms.reading_questions import QuestionReader


class InstrumentReader(QuestionReader):
    """Walks the raw YAML data, building model objects and checking each place as it goes."""

    def instrument(self, data: object) -> Instrument:
        top = self.mapping(
            data,
            "top level",
            ("slug", "version", "title", "description", "brief", "criteria", "steps", "gates", "tiers", "matrix", "channels", "safeguards"),
            ("roles", "archived"),
        )
        slug = top["slug"]
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", slug):
            raise self.fail("slug", f"'{slug}' must be lower-case letters, digits and '-'", top)
        if not isinstance(top["version"], str) or not top["version"].strip():
            raise self.fail("version", "must be a non-empty string (quote numbers: \"1.0\")", top)
        self.later_questions = _question_ids(top["steps"])
        brief = self.brief(top["brief"])
        criteria = tuple(self.criterion(item, f"criteria[{i}]") for i, item in enumerate(self.sequence(top["criteria"], "criteria")))
        steps = tuple(self.step(item, f"steps[{i}]") for i, item in enumerate(self.sequence(top["steps"], "steps")))
        self.check_profile(steps)
        roles = self.roles(top.get("roles", {}), top)
        archived = top.get("archived", False)
        if not isinstance(archived, bool):
            raise self.fail("archived", "must be true or false", top)
        tiers = tuple(self.tier(item, f"tiers[{i}]", i) for i, item in enumerate(self.sequence(top["tiers"], "tiers")))
        matrix = self.matrix(top["matrix"])
        gates = tuple(self.gate(item, f"gates[{i}]") for i, item in enumerate(self.sequence(top["gates"], "gates", allow_empty=True)))
        channels = self.actions(top["channels"], "channels", "channel")
        safeguards = self.actions(top["safeguards"], "safeguards", "safeguard")
        return Instrument(
            slug=slug,
            version=top["version"],
            title=self.text(top["title"], "title", top),
            description=self.text(top["description"], "description", top),
            brief=brief,
            criteria=criteria,
            steps=steps,
            gates=gates,
            tiers=tiers,
            matrix=matrix,
            channels=channels,
            safeguards=tuple(a for a in safeguards if not a.principle),
            principles=tuple(a for a in safeguards if a.principle),
            roles=roles,
            archived=archived,
            source=self.file,
        )

    def roles(self, data: object, parent: object) -> dict[str, frozenset[str]]:
        """Roles for role-addressed steps: role name -> stakeholder groups that play it."""
        if not isinstance(data, dict):
            raise self.fail("roles", f"must be a mapping from role to stakeholder groups, not {kind_of(data)}", parent)
        group = self.questions["stakeholder_group"]
        roles = {}
        for role, groups in data.items():
            if not isinstance(role, str) or not ID_PATTERN.match(role) or role == OTHERS_ROLE:
                raise self.fail(f"roles.{role}", f"'{role}' is not a valid role name ('{OTHERS_ROLE}' means everybody else)", data)
            for value in self.sequence(groups, f"roles.{role}"):
                if group.option(value) is None:
                    raise self.fail(f"roles.{role}", f"'{value}' is not an option of 'stakeholder_group'", data)
            roles[role] = frozenset(groups)
        self.role_names = set(roles)
        return roles

    def brief(self, data: object) -> Brief:
        node = self.mapping(data, "brief", ("title", "authors", "date", "sections"))
        sections = []
        for i, item in enumerate(self.sequence(node["sections"], "brief.sections")):
            place = f"brief.sections[{i}]"
            section = self.mapping(item, place, ("id", "title"))
            section_id = self.new_id("brief section", section["id"], place, section)
            self.sections.add(section_id)
            sections.append(BriefSection(section_id, self.text(section["title"], f"{place}.title", section)))
        return Brief(self.text(node["title"], "brief.title", node), str(node["authors"]), str(node["date"]), tuple(sections))

    def criterion(self, data: object, place: str) -> Criterion:
        node = self.mapping(data, place, ("id", "side", "weight", "title", "description", "brief_sections"))
        criterion_id = self.new_id("criterion", node["id"], place, node)
        if node["side"] not in ("benefit", "risk"):
            raise self.fail(f"{place}.side", f"'{node['side']}' must be 'benefit' or 'risk'", node)
        weight = self.number(node["weight"], f"{place}.weight", node, 0, 100)
        if weight == 0:
            raise self.fail(f"{place}.weight", "must be more than 0", node)
        criterion = Criterion(
            criterion_id,
            node["side"],
            weight,
            self.text(node["title"], f"{place}.title", node),
            self.text(node["description"], f"{place}.description", node),
            self.section_refs(node["brief_sections"], f"{place}.brief_sections", node),
        )
        self.criteria[criterion_id] = criterion
        return criterion

    def tier(self, data: object, place: str, rank: int) -> Tier:
        node = self.mapping(data, place, ("id", "title", "verdict", "next_steps"))
        tier_id = self.new_id("tier", node["id"], place, node)
        self.tier_ranks[tier_id] = rank
        return Tier(
            tier_id,
            rank,
            self.text(node["title"], f"{place}.title", node),
            self.text(node["verdict"], f"{place}.verdict", node),
            self.role_texts(node["next_steps"], f"{place}.next_steps", node),
        )

    def matrix(self, data: object) -> Matrix:
        node = self.mapping(data, "matrix", ("benefit_thresholds", "risk_thresholds", "cells"))
        thresholds = {}
        for key in ("benefit_thresholds", "risk_thresholds"):
            values = self.sequence(node[key], f"matrix.{key}", allow_empty=True)
            numbers = tuple(self.number(v, f"matrix.{key}[{i}]", node) for i, v in enumerate(values))
            if any(b <= a for a, b in zip(numbers, numbers[1:], strict=False)):
                raise self.fail(f"matrix.{key}", f"thresholds must rise strictly: {list(numbers)}", node)
            thresholds[key] = numbers
        rows = self.sequence(node["cells"], "matrix.cells")
        height, width = len(thresholds["risk_thresholds"]) + 1, len(thresholds["benefit_thresholds"]) + 1
        if len(rows) != height:
            raise self.fail("matrix.cells", f"needs {height} rows (one per risk band), has {len(rows)}", node)
        cells = []
        for r, row in enumerate(rows):
            row = self.sequence(row, f"matrix.cells[{r}]")
            if len(row) != width:
                raise self.fail(f"matrix.cells[{r}]", f"needs {width} cells (one per benefit band), has {len(row)}", node)
            for b, tier_id in enumerate(row):
                if not known(tier_id, self.tier_ranks):
                    raise self.fail(f"matrix.cells[{r}][{b}]", f"unknown tier '{tier_id}'", node)
            cells.append(tuple(row))
        return Matrix(thresholds["benefit_thresholds"], thresholds["risk_thresholds"], tuple(cells))

    def gate(self, data: object, place: str) -> Gate:
        node = self.mapping(data, place, ("id", "criterion", "when", "title", "message"), ("next_steps",))
        gate_id = self.new_id("gate", node["id"], place, node)
        if not known(node["criterion"], self.criteria):
            raise self.fail(f"{place}.criterion", f"unknown criterion '{node['criterion']}'", node)
        return Gate(
            gate_id,
            node["criterion"],
            self.condition(node["when"], f"{place}.when", answers_only=True),
            self.text(node["title"], f"{place}.title", node),
            self.text(node["message"], f"{place}.message", node),
            self.optional_text(node, "next_steps", place) or self.text(node["message"], f"{place}.message", node),
        )

    def actions(self, data: object, place: str, kind: str) -> tuple[Action, ...]:
        actions = []
        for i, item in enumerate(self.sequence(data, place)):
            item_place = f"{place}[{i}]"
            optional = ("first_step",) if kind == "channel" else ("principle",)
            node = self.mapping(item, item_place, ("id", "title", "description", "brief_sections"), ("rules", *optional))
            action_id = self.new_id(kind, node["id"], item_place, node)
            principle = node.get("principle", False)
            if not isinstance(principle, bool):
                raise self.fail(f"{item_place}.principle", "must be true or false", node)
            if principle and "rules" in node:
                raise self.fail(f"{item_place}.rules", "a standing principle applies to every result and has no rules", node)
            if not principle and "rules" not in node:
                raise self.fail(item_place, "missing key 'rules'", node)
            rules = []
            for j, rule_data in enumerate(self.sequence(node.get("rules", []), f"{item_place}.rules", allow_empty=principle)):
                rule_place = f"{item_place}.rules[{j}]"
                rule = self.mapping(rule_data, rule_place, ("id", "when", "reason"))
                rules.append(
                    Rule(
                        self.new_id("rule", rule["id"], rule_place, rule),
                        self.condition(rule["when"], f"{rule_place}.when", answers_only=False),
                        self.text(rule["reason"], f"{rule_place}.reason", rule),
                    )
                )
            actions.append(
                Action(
                    action_id,
                    kind,
                    self.text(node["title"], f"{item_place}.title", node),
                    self.text(node["description"], f"{item_place}.description", node),
                    self.section_refs(node["brief_sections"], f"{item_place}.brief_sections", node),
                    tuple(rules),
                    self.role_texts(node["first_step"], f"{item_place}.first_step", node) if "first_step" in node else None,
                    principle,
                )
            )
        return tuple(actions)


def _question_ids(steps: object) -> set[object]:
    """Every question id in the file's steps, gathered first so a show_if naming a later question says so."""
    steps_data = steps if isinstance(steps, list) else []
    return {
        q.get("id")
        for step in steps_data
        if isinstance(step, dict) and isinstance(step.get("questions"), list)
        for q in step["questions"]
        if isinstance(q, dict) and isinstance(q.get("id"), str)
    }
