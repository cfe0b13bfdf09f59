from django.conf import settings
from django.core.exceptions import ValidationError


class ProgramNameValidator:
    """Refuses passwords built around the program's own name, a common guess."""

    def validate(self, password, user=None):
        name = settings.PROGRAM_NAME.casefold().replace(" ", "")
        if len(name) >= 3 and name in password.casefold().replace(" ", ""):
            raise ValidationError(
                "Your password must not contain the program's name.", code="password_program_name"
            )

    def get_help_text(self):
        return "Your password must not contain the program's name."
