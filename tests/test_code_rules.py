"""Rules about the code itself, checked by reading it: forms list their fields, and views
reach participant-linked rows only through their access paths."""

import ast
import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[1]
APPS = ["lead", "participants", "referrals", "casework", "coordination"]


def _modules(kind: str) -> dict[str, Path]:
    """`kind`.py and the modules of a `kind`/ package in every app, by dotted name."""
    found = {}
    for app in APPS:
        base = ROOT / app
        for path in [base / f"{kind}.py", *sorted((base / kind).glob("*.py"))]:
            if path.exists():
                parts = path.relative_to(ROOT).with_suffix("").parts
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                found[".".join(parts)] = path
    return found


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


# ---- forms ---------------------------------------------------------------------------------


def model_forms():
    for module_name in _modules("forms"):
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.ModelForm)
                and value.__module__ == module_name
            ):
                yield value


def test_the_walk_finds_model_forms():
    names = {form.__name__ for form in model_forms()}
    assert {"SiteSettingsForm", "UserEditForm"} <= names


@pytest.mark.parametrize("form", list(model_forms()), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_model_form_lists_its_fields(form):
    assert isinstance(form._meta.fields, list | tuple), f"{form.__name__}: fields not listed"
    assert form._meta.exclude is None, f"{form.__name__}: exclude instead of a field list"


def test_nothing_asks_for_all_fields():
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            targets = []
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.keyword) and node.arg == "fields":
                targets, value = [ast.Name(id="fields")], node.value
            else:
                continue
            named_fields = any(
                getattr(t, "id", getattr(t, "attr", None)) == "fields" for t in targets
            )
            if named_fields and isinstance(value, ast.Constant) and value.value == "__all__":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f'fields = "__all__" found at {offenders}'


# ---- get_object_or_404 on participant-linked models ----------------------------------------


def participant_linked_models() -> set[type[models.Model]]:
    """Participant, and every model with a foreign-key path to it (or a participant_id)."""
    participant = apps.get_model("participants", "Participant")
    linked = {participant}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            for field in model._meta.get_fields():
                points_in = field.many_to_one or field.one_to_one
                if (points_in and field.related_model in linked and field.concrete) or (
                    field.name == "participant_id" and isinstance(field, models.IntegerField)
                ):
                    linked.add(model)
                    changed = True
                    break
    return linked


def test_participant_linked_models_include_the_obvious_ones():
    names = {m._meta.label for m in participant_linked_models()}
    assert {"participants.Participant", "participants.Episode", "participants.CareTeamMember"} <= (
        names
    )


def _root_name(node):
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _calls_visible_to(node) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "visible_to" for n in ast.walk(node))


def lookups_around_access_paths(source: str, namespace: dict, linked) -> list[tuple[int, str]]:
    """(line, model) for each get_object_or_404 on a participant-linked model in `source` that
    does not go through the model's visible_to(user) queryset."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        if _root_name(node.func) not in {"get_object_or_404", "get_list_or_404"}:
            continue
        target = node.args[0]
        model = namespace.get(_root_name(target) or "")
        if isinstance(model, type) and model in linked and not _calls_visible_to(target):
            found.append((node.lineno, model._meta.label))
    return found


def test_the_lookup_check_catches_a_direct_fetch():
    episode = apps.get_model("participants", "Episode")
    participant = apps.get_model("participants", "Participant")
    namespace = {"Episode": episode, "Participant": participant}
    linked = participant_linked_models()
    bad = "get_object_or_404(Episode, pk=pk)\nget_object_or_404(Participant.objects.all(), pk=1)"
    good = "get_object_or_404(Participant.objects.visible_to(request.user), pk=pk)"
    assert [label for _, label in lookups_around_access_paths(bad, namespace, linked)] == [
        "participants.Episode",
        "participants.Participant",
    ]
    assert lookups_around_access_paths(good, namespace, linked) == []


def direct_lookups():
    linked = participant_linked_models()
    for module_name, path in _modules("views").items():
        namespace = vars(importlib.import_module(module_name))
        for line, label in lookups_around_access_paths(path.read_text(), namespace, linked):
            yield module_name, line, label


def test_the_walk_sees_every_views_module():
    assert {"lead.views.users", "participants.views.records"} <= set(_modules("views"))


def test_no_view_fetches_a_participant_linked_row_around_its_access_path():
    offenders = [f"{m}:{line} {label}" for m, line, label in direct_lookups()]
    assert not offenders, (
        f"use the model's visible_to(user) queryset or its get_X_for(user, pk) helper: {offenders}"
    )
