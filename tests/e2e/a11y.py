"""Accessibility checks run on every screen the journeys visit."""

import re
import warnings
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()

# Violations in templates that belong to other parts of the code base, each already reported
# with its fix: (path pattern, axe rule, element) -> where and how to fix it. They show as
# warnings on every run until fixed; any other serious violation fails the test.
# (Patterns are regular expressions on the page's path and on axe's CSS selector.)
KNOWN_ISSUES: dict[tuple[str, str, str], str] = {}


class KnownAccessibilityIssue(UserWarning):
    pass


def _known_issue(path: str, rule: str, target: str) -> str | None:
    for (pattern, known_rule, known_target), fix in KNOWN_ISSUES.items():
        if known_rule == rule and re.search(known_target, target) and re.search(pattern, path):
            return fix
    return None


def assert_accessible(page: Page) -> None:
    """axe-core's rules; serious and critical violations fail, one readable line per element."""
    results = _axe.run(page)
    path = urlsplit(page.url).path
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        nodes = []
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            known = _known_issue(path, violation["id"], target)
            if known:
                message = f"{violation['id']} on {path}: {known}"
                warnings.warn(message, KnownAccessibilityIssue, stacklevel=3)
                continue
            summary = " ".join(node.get("failureSummary", "").split())
            nodes.append(f"    {target}: {summary}")
        if nodes:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            lines.extend(nodes)
    if lines:
        raise AssertionError(
            "\n".join([f"axe-core found serious accessibility problems on {page.url}:", *lines])
        )


_UNLABELLED_JS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
  .filter(el => el.getClientRects().length > 0)
  .filter(el => {
    const byLabel = [...(el.labels || [])].some(label => label.textContent.trim());
    const byAria = (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
        .some(id => id && (document.getElementById(id)?.textContent || '').trim());
    return !(byLabel || byAria);
  })
  .map(el => el.outerHTML.slice(0, 160))"""


def assert_inputs_labelled(page: Page) -> None:
    unlabelled = page.evaluate(_UNLABELLED_JS)
    assert not unlabelled, f"inputs without a label on {page.url}: {unlabelled}"


_MARK_CONTROLS_JS = """form => {
  const inClosedDetails = el => {
    const details = el.closest('details');
    return details && !details.open && el.parentElement.closest('summary') === null
      && el.tagName !== 'SUMMARY';
  };
  const controls = [...form.querySelectorAll('input, select, textarea, button, summary')]
    .filter(el => el.type !== 'hidden' && !el.disabled && el.getClientRects().length > 0)
    .filter(el => !inClosedDetails(el));
  return controls.map((el, index) => {
    el.dataset.e2eControl = String(index);
    const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
    return {
      index,
      group: el.type === 'radio' ? 'radio:' + el.name : 'control:' + index,
      name: label || el.name || el.textContent.trim() || el.type,
    };
  });
}"""

_FOCUSED_JS = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A focus ring that fades in is judged once it has arrived.
  await Promise.all(el.getAnimations().map(a => a.finished.catch(() => null)));
  // Focus on a date field's own picker button sits inside the browser's shadow tree, where
  // the browser draws the ring itself; the field then reports no :focus of its own.
  const inner = !el.matches(':focus');
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {
    control: el.dataset.e2eControl === undefined ? null : Number(el.dataset.e2eControl),
    visible: Boolean(inner || outline || ring),
    what: el.outerHTML.slice(0, 120),
  };
}"""


# Moves the sequential focus starting point to the top of the page, as on arrival without
# autofocus, so that the walk covers everything before the form too.
_START_AT_TOP_JS = """() => {
  const body = document.body;
  body.tabIndex = -1;
  body.focus();
  body.removeAttribute('tabindex');
}"""


def assert_keyboard_reaches_form(page: Page, form: Locator, *, max_tabs: int = 80) -> None:
    """Tabbing from the top of a freshly loaded page reaches every field and the submit
    button of `form`, in the order they appear, and each focused element shows its focus.

    A radio group is one tab stop (arrow keys move inside it), so it counts once.
    """
    controls = form.evaluate(_MARK_CONTROLS_JS)
    groups = {c["index"]: c["group"] for c in controls}
    wanted = list(dict.fromkeys(c["group"] for c in controls))
    reached: list[str] = []
    invisible: list[str] = []
    page.evaluate(_START_AT_TOP_JS)
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        if focused is None:
            continue
        if not focused["visible"]:
            invisible.append(focused["what"])
        if focused["control"] is not None:
            group = groups[focused["control"]]
            if group not in reached:
                reached.append(group)
        elif reached:
            break  # focus has left the form
        if len(reached) == len(wanted):
            break
    names = {c["group"]: c["name"] for c in controls}
    missing = [names[g] for g in wanted if g not in reached]
    assert not missing, f"Tab never reaches {missing} on {page.url}"
    assert reached == wanted, (
        f"tab order {[names[g] for g in reached]} differs from the page order "
        f"{[names[g] for g in wanted]} on {page.url}"
    )
    assert not invisible, f"focus is not visible on {invisible} on {page.url}"


def tab_to(page: Page, target: Locator, *, max_tabs: int = 80) -> None:
    """Moves the focus with Tab alone until `target` has it."""
    for _ in range(max_tabs):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches {target} on {page.url}")
