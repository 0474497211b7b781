"""
Structured fields of a category (e.g. 批准结果: 审批事项, 批复文号, 批复机关…).

Each domain app declares, per category, a plain Django Form of its fields. The kernel validates a
record's `details` with that form (so every door gets the same Chinese field errors), stores the
cleaned values as JSON, and renders them as a labelled table.
"""

import datetime
import decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.domains import details_form_for


def _to_json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


def clean_details(domain: str, category: str, data: dict | None) -> dict:
    """Validate `data` with the category's form; return JSON-ready values or raise field errors."""
    form_class = details_form_for(domain, category)
    data = data or {}
    if form_class is None:
        if data:
            raise ValidationError({"details": ["该分类没有结构化字段。"]})
        return {}
    if not isinstance(data, dict):
        raise ValidationError({"details": ["结构化信息必须是对象（字段名: 值）。"]})
    unknown = set(data) - set(form_class.base_fields)
    if unknown:
        raise ValidationError({f"details.{name}": ["该分类没有这个字段。"] for name in sorted(unknown)})
    form = form_class(data=data)
    if not form.is_valid():
        raise ValidationError(
            {("details" if name == "__all__" else f"details.{name}"): list(errors) for name, errors in form.errors.items()}
        )
    return {name: _to_json(value) for name, value in form.cleaned_data.items() if value not in (None, "", [])}


class HistoricChoiceField(forms.ChoiceField):
    """A choice whose older values stay valid for the records that already carry them (and are shown with
    their label) but are not offered for new records: the admin's select lists only `choices`, and
    `disclosures.services.disclosure_create` refuses a historic value on a new record, by any door
    (`historic_choice_errors`). The domains' details forms use it (e.g. 竞争性谈判 as a 招标方式, the 2018
    农村危房改造 item type)."""

    def __init__(self, *, choices, historic=(), **kwargs):
        self.offered = list(choices)
        self.historic = list(historic)
        super().__init__(choices=self.offered + self.historic, **kwargs)
        self.widget.choices = self.offered

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.choices = list(self.offered)
        return result


def historic_choice_errors(domain: str, category: str, data: dict | None) -> dict[str, list[str]]:
    """Errors for choices a new record may no longer take: a field may keep `historic` (value, label) pairs
    that older records carry (they still validate and show) but that are not offered for new records (e.g.
    竞争性谈判 as a 招标方式, 《招标投标法》第十条). `disclosure_create` asks; edits and corrections do not."""
    form_class = details_form_for(domain, category)
    if form_class is None or not isinstance(data, dict):
        return {}
    errors = {}
    for name, field in form_class.base_fields.items():
        historic = dict(getattr(field, "historic", ()) or ())
        if isinstance(data.get(name), str) and data[name] in historic:
            errors[f"details.{name}"] = [
                f"{field.label}“{historic[data[name]]}”只保留给早先的记录，新记录请选择现行的{field.label}。"
            ]
    return errors


def amount_text(value) -> str:
    """An amount as every public page writes it: two decimals with thousands separators (7,950,000.00); its
    unit is in the field's label (预算金额（元）)."""
    try:
        return f"{decimal.Decimal(str(value)).quantize(decimal.Decimal('0.01')):,}"
    except decimal.InvalidOperation:
        return str(value)


def details_rows(record) -> list[tuple[str, str]]:
    """(label, display value) pairs for a record's structured fields, in the form's order."""
    form_class = details_form_for(record.domain, record.category)
    if form_class is None or not record.details:
        return []
    rows = []
    for name, field in form_class.base_fields.items():
        value = record.details.get(name)
        if value in (None, "", []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if hasattr(field, "display_value"):  # a field that writes its own value (a table of rows)
            display = field.display_value(value)
        elif isinstance(value, list):
            display = "、".join(str(choices.get(item, item)) for item in value)
        elif isinstance(value, bool):
            display = "是" if value else "否"
        elif isinstance(field, forms.DecimalField):
            display = amount_text(value)
        else:
            display = str(choices.get(value, value))
        rows.append((str(field.label or name), display))
    return rows


def public_details(record) -> dict:
    """A record's structured fields as the public API gives them: a field that declares `public_value` (e.g.
    a table naming natural persons) gives its masked form (seed 001 §五 去标识化)."""
    details = record.details or {}
    form_class = details_form_for(record.domain, record.category)
    if form_class is None:
        return details
    return {
        name: (form_class.base_fields[name].public_value(value) if hasattr(form_class.base_fields.get(name), "public_value") else value)
        for name, value in details.items()
    }


def placeholder_details(domain: str, category: str) -> dict:
    """Valid (if dull) structured fields for any category, derived from the category's own form.
    For tests and for demo records that have no hand-written details."""
    form_class = details_form_for(domain, category)
    if form_class is None:
        return {}
    values = {}
    for name, field in form_class.base_fields.items():
        if not field.required:
            continue
        if isinstance(field, forms.ChoiceField):
            values[name] = field.choices[0][0]
        elif isinstance(field, forms.DateField):
            # Today: a decision's date starts its clock (services._start_at_decision), like the record's own
            # 信息形成日期, which defaults to today.
            values[name] = timezone.localdate().isoformat()
        elif isinstance(field, forms.DecimalField | forms.IntegerField):
            values[name] = "1"
        elif isinstance(field, forms.BooleanField):
            values[name] = False
        else:
            values[name] = str(field.label)
    # A form whose item types need fields of their own names a valid combination (e.g. 招标投标's 资格预审公告).
    values.update(getattr(form_class, "PLACEHOLDER", {}))
    return values
