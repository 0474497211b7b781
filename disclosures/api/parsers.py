"""The API's JSON parser: DRF's, with a bound on nesting.

A body of 100 000 nested arrays (`[[[[…]]]]`) made the standard parser raise RecursionError, a 500.
Nothing the API accepts is nested more than a few levels (a record's structured fields are the
deepest), so a body nested deeper than MAX_DEPTH is refused as a 400 with a Chinese message, and so is
one the decoder itself gives up on. Every view takes it from DEFAULT_PARSER_CLASSES, or names it.
The same bound holds for JSON sent as a form or multipart field (`BoundedJSONField`).
"""

from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"JSON 嵌套层数过多：最多 {MAX_DEPTH} 层。"


def nesting_depth(data, limit: int) -> int:
    """How deeply `data` is nested (a scalar is 0, `[]` and `{}` are 1), counted without recursion and
    only up to `limit + 1`."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nesting_depth(data, self.max_depth) > self.max_depth:
            raise ParseError(TOO_DEEP)
        return data


class BoundedJSONField(serializers.JSONField):
    """A serializer's JSON field: in a form or multipart body its value is a JSON string, which DRF
    decodes itself — with the parser's bound."""

    def to_internal_value(self, data):
        try:
            value = super().to_internal_value(data)
        except RecursionError:
            raise serializers.ValidationError(TOO_DEEP) from None
        if nesting_depth(value, MAX_DEPTH) > MAX_DEPTH:
            raise serializers.ValidationError(TOO_DEEP)
        return value
