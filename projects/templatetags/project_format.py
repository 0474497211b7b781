"""Display helpers of the projects pages."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def wan_yuan(value) -> str:
    """An amount in yuan shown in 万元 with two decimals and thousands separators: 123456789 → 12,345.68 万元."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    wan = (amount / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{wan:,} 万元"


@register.filter
def yuan(value) -> str:
    """An exact amount in yuan with thousands separators: 123456789.5 → 123,456,789.50 元."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    return f"{amount:,} 元"
