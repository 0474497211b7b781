"""Structured fields (`details`) as every domain's forms check them: bad input is refused on the field, under
the kernel's `details.<field>` keys, with a Chinese message."""

import re

import pytest
from django.core.exceptions import ValidationError

from disclosures.details import clean_details

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def structured_errors(domain: str, category: str, data: dict) -> dict[str, list[str]]:
    """The errors of `data` as the structured fields of `category`; each of their messages is Chinese."""
    with pytest.raises(ValidationError) as caught:
        clean_details(domain, category, data)
    errors = caught.value.message_dict
    for messages in errors.values():
        assert all(CHINESE.search(message) for message in messages), messages
    return errors
