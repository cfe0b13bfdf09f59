"""The vocabulary of the permission table: outcomes, rows and helpers to write them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.personas import PERSONA_NAMES, Personas

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOGIN = "login"  # 302 to the sign-in page
REDIRECT = "redirect"  # 302 anywhere else

STAFF = [n for n in PERSONA_NAMES if n != "anonymous"]


@dataclass(frozen=True)
class Row:
    expect: dict[str, object]
    kwargs: Callable[[Personas], dict] = field(default=lambda p: {})


def everyone(outcome, *, anonymous=LOGIN, **overrides) -> dict[str, object]:
    table = dict.fromkeys(STAFF, outcome) | {"anonymous": anonymous}
    return table | overrides


def only(allowed: dict[str, object], *, others=FORBIDDEN) -> dict[str, object]:
    return everyone(others) | allowed


def admin_only(admin_outcome=OK, *, anonymous=LOGIN, **kwargs) -> Row:
    # Django admin sends anyone but an admin to its login, which sends them on to ours.
    # Its site-wide views are exempt from LoginRequiredMiddleware, so anonymous users take
    # that same detour; its model views send them to our sign-in page directly.
    return Row(everyone(REDIRECT, anonymous=anonymous, admin=admin_outcome), **kwargs)
