from django import forms

from core.domains import category_choices, domain_choices

from .models import CatalogueEntry


class CatalogueEntryForm(forms.ModelForm):
    """Domain and category as selects fed by the domain registry; the model checks they match."""

    domain = forms.ChoiceField(label="领域", choices=domain_choices)
    category = forms.ChoiceField(label="主题分类", choices=category_choices)

    class Meta:
        model = CatalogueEntry
        fields = [
            "code", "domain", "category", "level1", "level2", "content", "basis", "limit_kind", "limit_days",
            "limit_hours", "limit_basis", "decision_type", "item_types", "subject", "channels", "audience", "mode", "retention", "ordering", "is_active",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }
