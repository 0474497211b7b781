"""
The admin of 处罚决定撤回 (《行政处罚法》第四十八条): registered through `retractions.penalty_retraction_register`
only, never changed or deleted here — a duty is fulfilled by withdrawing the record. The record's change page
links here with the record chosen (?disclosure=<id>).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html

from catalogue.choices import DecisionType
from core.admin_base import PortalModelAdmin, adopt_saved
from core.exceptions import WorkflowError
from organizations.selectors import user_scope

from . import policies, retractions
from .admin import error_text
from .choices import Status
from .retraction_models import PenaltyRetraction
from .selectors import disclosures_for_user

FORM_FIELDS = ["disclosure", "trigger", "trigger_document", "triggered_on", "reason"]
SHOWN_FIELDS = ["due_on", "state_column", "registered_by", "registered_at", "fulfilled_at"]
STATE_TONES = {"待撤回": "tone-warning", "已按时撤回": "tone-ok"}


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.index_no} {obj.title}"


class PenaltyRetractionForm(forms.ModelForm):
    """The published penalty decisions the user sees; the service's rules checked before saving, as errors on
    the form (nothing is saved until they pass)."""

    class Meta:
        model = PenaltyRetraction
        fields = FORM_FIELDS
        field_classes = {"disclosure": RecordChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "disclosure" in self.fields:  # the add form (a registered duty is shown read-only)
            self.fields["disclosure"].queryset = (
                disclosures_for_user(user)
                .filter(status=Status.PUBLISHED, catalogue_entry__decision_type=DecisionType.PENALTY)
                .order_by("-published_at", "-pk")
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            retractions.penalty_retraction_check(actor=self.user, **{name: data.get(name) for name in FORM_FIELDS})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, exc.messages)
        except WorkflowError as exc:
            self.add_error("disclosure", exc.message)
        return data


@admin.register(PenaltyRetraction)
class PenaltyRetractionAdmin(PortalModelAdmin):
    form = PenaltyRetractionForm
    # No filter sidebar: at 1280 px it would squeeze the five columns (a handful of rows a year; search instead).
    list_display = ["disclosure", "trigger", "triggered_on", "due_on", "state_column"]
    list_select_related = ["disclosure"]
    search_fields = ["disclosure__title", "disclosure__index_no", "trigger_document"]
    list_per_page = 50

    @admin.display(description="状态")
    def state_column(self, obj):
        label = obj.state_label
        return format_html('<strong class="{}">{}</strong>', STATE_TONES.get(label, "tone-alert"), label)

    # --- scoping and permissions ----------------------------------------------------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = user_scope(request.user)
        if scope.is_superuser:
            return queryset
        return queryset.filter(disclosure__department_id__in=scope.visible_department_ids)

    def has_module_permission(self, request):
        return user_scope(request.user).is_staff_member

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return user_scope(request.user).is_staff_member
        return policies.can_view(request.user, obj.disclosure)

    def has_add_permission(self, request):
        return retractions.may_register_any(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # fulfilled by withdrawing the record

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return FORM_FIELDS if obj is None else FORM_FIELDS + SHOWN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else FORM_FIELDS + SHOWN_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = FORM_FIELDS
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return ScopedForm

    # --- saving through the service ---------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        created = retractions.penalty_retraction_register(
            actor=request.user, **{name: form.cleaned_data[name] for name in FORM_FIELDS}
        )
        adopt_saved(obj, created)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A refusal the form could not foresee (another user registered in between): the add view's
        # transaction is rolled back, and the message shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (WorkflowError, ValidationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
