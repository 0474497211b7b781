"""System checks of the platform's contracts with the apps above it."""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.core import checks

from .models import AuditEntry, AuditTrail


@checks.register(checks.Tags.models)
def check_audit_relations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every relation to the audit log is an `AuditTrail`, so no case with a trail can be deleted (全程留痕)."""
    errors = []
    models = apps.get_models() if app_configs is None else [m for config in app_configs for m in config.get_models()]
    for model in models:
        for field in model._meta.private_fields:
            if isinstance(field, GenericRelation) and field.related_model is AuditEntry and not isinstance(field, AuditTrail):
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{field.name} reads the audit log through a plain GenericRelation, "
                        "which would delete the trail with its case.",
                        hint="Use core.models.AuditTrail.",
                        obj=field,
                        id="core.E001",
                    )
                )
    return errors
