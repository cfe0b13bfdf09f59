from django.db import IntegrityError, transaction


def create_once(model, *, token, **fields):
    """Create a row for a form's one-time token, or return the row an earlier submit made.

    The unique token holds even when two submits race: the loser finds the winner's row.
    """
    existing = model.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return model.objects.create(token=token, **fields), True
    except IntegrityError:
        return model.objects.get(token=token), False
