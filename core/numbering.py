"""Yearly case numbers (申请编号, 督办〔2026〕N号): one locked counter row per scope and year."""

from django.db import IntegrityError, transaction

from .models import NumberSequence


def next_number(name: str, year: int) -> int:
    """The next number of `name` in `year` (1 for the first). The counter row stays locked until the
    caller's transaction ends, so concurrent cases wait for each other instead of sharing a number."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                NumberSequence.objects.get_or_create(name=name, year=year)
        except IntegrityError:  # created at the same moment by another case
            pass
        sequence = NumberSequence.objects.select_for_update().get(name=name, year=year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
    return sequence.last_value
