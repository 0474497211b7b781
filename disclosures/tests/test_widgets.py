"""QuickSelect renders what Django's Select renders: every option, the chosen one selected, all escaped."""

import re

from django import forms

from disclosures.widgets import QuickSelect

CHOICES = [("", "全部"), (1, "县发展和改革委员会"), (2, "<script>alert(1)</script>&局")]


def options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    ]


def test_quick_select_matches_django_select():
    for value in (None, "", "1", 2):
        quick = QuickSelect(choices=CHOICES).render("department", value, attrs={"id": "id_department"})
        django = forms.Select(choices=CHOICES).render("department", value, attrs={"id": "id_department"})
        assert options(quick) == options(django), value
        assert quick.startswith('<select name="department" id="id_department">')
    chosen = QuickSelect(choices=CHOICES).render("department", "1")
    assert options(chosen)[1] == ("1", True, "县发展和改革委员会")
    assert "<script>" not in chosen and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;局" in chosen


def test_the_column_filter_uses_it_with_a_chinese_empty_label(org, client):
    page = client.get("/column/projects/", {"department": org.department.pk}).content.decode()
    select = re.search(r'<select name="department" id="id_department">.*?</select>', page, re.S).group(0)
    assert '<option value="">全部</option>' in select
    assert f'<option value="{org.department.pk}" selected>{org.department.name}</option>' in select
