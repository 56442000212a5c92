"""What every page in a browser test goes through: a screenshot, axe-core, and the Nu Html Checker."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = 320  # CSS pixels: a phone, or 1280 at 400% zoom

TOO_WIDE = """() => {
  const wide = [];
  for (const e of document.body.querySelectorAll("*")) {
    if (e.closest("table")) continue;
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > window.innerWidth + 1) {
      const classes = e.classList.length ? "." + Array.from(e.classList).join(".") : "";
      wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + classes);
    }
  }
  return wide.slice(0, 8);
}"""

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))
  }));
}"""


class PageChecks:
    """Every page checked in this session: its screenshot under artifacts/screenshots (kept out of
    git), its HTML in `html_dir` (one per session, so that two sessions never mix their pages)."""

    def __init__(self, html_dir: Path) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.html_dir = html_dir
        self.html_files: list[Path] = []
        self._documents: dict[object, object] = {}

    def watch(self, page) -> None:  # type: ignore[no-untyped-def]
        """Remember each page's last document response, to validate the HTML as the server sent it."""

        def on_response(response) -> None:  # type: ignore[no-untyped-def]
            request = response.request
            if request.is_navigation_request() and request.frame == page.main_frame and not 300 <= response.status < 400:
                self._documents[page] = response

        page.on("response", on_response)

    def forget(self, page) -> None:  # type: ignore[no-untyped-def]
        self._documents.pop(page, None)

    def check(self, page, name: str) -> None:  # type: ignore[no-untyped-def]
        """Screenshot the page, keep its HTML for vnu, fail on any WCAG 2.1 AA violation axe finds
        and on sideways scrolling at 320 pixels wide."""
        path = self.html_dir / f"{name}.html"
        assert path not in self.html_files, f"page name {name!r} used twice: names the screenshot, keep them unique"
        path.write_text(self._served_html(page), encoding="utf-8")
        self.html_files.append(path)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        page.add_script_tag(path=AXE_SCRIPT)
        violations = page.evaluate(RUN_AXE, WCAG_21_AA)
        assert not violations, f"axe: {len(violations)} WCAG 2.1 AA violation(s) on {name} ({page.url}):\n{_describe(violations)}"
        self._check_reflow(page, name)

    def _check_reflow(self, page, name: str) -> None:  # type: ignore[no-untyped-def]
        """WCAG 1.4.10 (Reflow), which axe cannot test: at 320 CSS pixels wide nothing but a data
        table (which the criterion exempts) reaches past the right edge."""
        size = page.viewport_size
        page.set_viewport_size({"width": NARROW, "height": 640})
        too_wide = page.evaluate(TOO_WIDE)
        if too_wide:
            page.screenshot(path=SCREENSHOTS / f"{name}-{NARROW}px.png", full_page=True)
        page.set_viewport_size(size)
        assert not too_wide, f"{name} ({page.url}) at {NARROW}px wide, past the right edge (WCAG 1.4.10 Reflow): {too_wide}"

    def _served_html(self, page) -> str:  # type: ignore[no-untyped-def]
        response = self._documents.get(page)
        if response is not None and response.url.split("#")[0] == page.url.split("#")[0]:
            return response.text()
        return page.content()  # not a navigation of its own (e.g. after a download): the DOM as parsed


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        lines += [f"    at {node['target']}: {node['summary']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


def validate_html(files: list[Path]) -> list[str]:
    """Run the Nu Html Checker once over all files; return its errors as "file:line:column: message"."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    (files[0].parent / "vnu.json").write_text(result.stderr or result.stdout, encoding="utf-8")
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu gave no report (exit {result.returncode}): {result.stderr or result.stdout}"]
    errors = [_vnu_line(m) for m in messages if m.get("type") != "info"]
    if result.returncode and not errors:
        errors.append(f"vnu exited with {result.returncode}")
    return errors


def _vnu_line(message: dict) -> str:
    where = f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
    return f"{where}: {message.get('message')}\n    {message.get('extract', '').strip()}"
