"""Form widgets of the public pages."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _options(choices, chosen: set[str]):
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}</option>',
        ((str(option), mark_safe(" selected") if str(option) in chosen else "", label) for option, label in choices),
    )


def _attributes(attrs: dict):
    """Django's forms/widgets/attrs.html in Python, in the same order: ` name="value"`, a bare ` name` for
    True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickTextInput(forms.TextInput):
    """Django's TextInput rendered in Python, byte for byte the markup of its template (forms/widgets/
    input.html): the keyword box of every public list, rendered on every uncached view."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            _attributes(self.build_attrs(self.attrs, attrs)),
        )


class QuickSelect(forms.Select):
    """A <select> built in Python: the markup of Django's Select, without rendering a template
    per option. The public lists' filters (~30 departments) render several times faster; a page
    has a few of them on every uncached view. A choice whose label is a list is an <optgroup>
    (departments grouped by jurisdiction)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for option, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">\n{}\n</optgroup>', option, _options(label, chosen)))
            else:
                parts.append(_options([(option, label)], chosen))
        options = mark_safe("\n".join(parts))  # noqa: S308 - every part built by format_html
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options)


class YearSelect(QuickSelect):
    """The 年份 of a public list as a choice, this year first, back to PORTAL_FIRST_YEAR (issue 23,
    part 7: a reader picks a year rather than typing one). A year outside that span that came in the
    address (an old link, a typed URL) is kept as an option, so the form shows what is applied."""

    def render(self, name, value, attrs=None, renderer=None):
        years = list(range(timezone.localdate().year, settings.PORTAL_FIRST_YEAR - 1, -1))
        current = str(value or "").strip()
        if current.isdigit() and int(current) not in years:
            years = sorted({*years, int(current)}, reverse=True)
        self.choices = [("", "全部"), *((str(year), f"{year} 年") for year in years)]
        return super().render(name, value, attrs, renderer)
