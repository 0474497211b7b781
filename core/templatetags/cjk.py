"""Chinese text in templates."""

import re

from django import template

register = template.Library()

# Whitespace after full-width punctuation: Chinese sentences are not separated by spaces.
_AFTER_PUNCTUATION = re.compile(r"([。！？；：，、])\s+")


@register.filter(is_safe=True)
def cjk_join(value):
    """Sentences joined the Chinese way: no space after 。！？；：，、. Django's admin builds some
    messages by joining two translated sentences with a space ("已添加…。 可在下方继续编辑。").
    Removing whitespace cannot make text unsafe, so a safe message stays safe."""
    return _AFTER_PUNCTUATION.sub(r"\1", str(value))
