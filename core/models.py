"""
The platform's own tables: the append-only audit log (操作留痕), the scheduled jobs' heartbeats and the
generation of public content. They moved here from `disclosures` (issue 17 §4) and keep their tables.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import ProtectedError, Q
from django.utils import timezone

from . import audit_labels
from .preservation import PreservedModel, authorised_records


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("审计记录只能追加，不能修改。")

    def bulk_update(self, objs, fields, batch_size=None):
        raise TypeError("审计记录只能追加，不能修改。")  # before Django opens its transaction

    def delete(self):
        raise TypeError("审计记录只能追加，不能删除。")


class AuditEntry(models.Model):
    """Append-only trail of every workflow step (全程留痕)."""

    # What the row is about: a published record, an information request, a supervision notice… or nothing
    # (a catalogue change, an import, a subject's edit say what they touched in `data`). A case type adds
    # `AuditTrail(related_query_name=…)` to read its trail, which also refuses to delete a case that has
    # one (全程留痕).
    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,  # the subject index below leads with it
    )
    object_id = models.BigIntegerField("对象编号", null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField("动作", max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        db_table = "disclosures_auditentry"
        verbose_name = "操作留痕"
        verbose_name_plural = "操作留痕"
        ordering = ["at", "pk"]
        # A case's trail, oldest first (the record's change page, `record.audit_entries`).
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="auditentry_subject")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        # A row with a pk is one already written (saving it would UPDATE it): only new rows are inserted.
        if self.pk is not None or not self._state.adding or kwargs.get("update_fields") is not None:
            raise TypeError("审计记录只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("审计记录只能追加，不能删除。")

    # The labels come from the registry each case type fills (core.audit.register_labels).
    @property
    def action_label(self) -> str:
        return audit_labels.action_label(self.action)

    @property
    def from_label(self) -> str:
        return audit_labels.status_label(self.action, self.from_status)

    @property
    def to_label(self) -> str:
        return audit_labels.status_label(self.action, self.to_status)


def _destruction_authorised(obj) -> bool:
    return isinstance(obj, PreservedModel) and obj.preserved_record == "pk" and obj.pk in authorised_records()


class AuditTrail(GenericRelation):
    """A case's audit trail: `audit_entries = AuditTrail(related_query_name="disclosure")` on the case model
    gives `case.audit_entries` and `AuditEntry.objects.filter(disclosure=…)`.

    全程留痕: a case with a trail cannot be deleted, as the foreign key's PROTECT ensured before the log
    became generic. Django would delete a GenericRelation's rows with its object; this relation refuses
    while it collects them, before anything is deleted and outside the deleting transaction (as PROTECT
    does), and the admin lists the rows as protected. `core.checks` makes every relation to the audit
    log one of these."""

    def __init__(self, to="core.AuditEntry", **kwargs):
        super().__init__(to, **kwargs)

    def bulk_related_objects(self, objs, using=DEFAULT_DB_ALIAS):
        rows = super().bulk_related_objects(objs, using)
        if objs and all(_destruction_authorised(obj) for obj in objs):
            # The 销毁 procedure (core.preservation) deletes the record; its trail stays, with the row that
            # says who destroyed it, on what approval and into which archive package.
            return rows.none()
        protected = list(rows.order_by("at", "pk"))
        if protected:
            names = "、".join(f"“{obj}”" for obj in objs[:3]) + ("等" if len(objs) > 3 else "")
            raise ProtectedError(f"{names}已有操作留痕，不能删除。", set(protected))
        return rows


class JobHeartbeat(models.Model):
    """When each scheduled job last ran."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    last_result = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "disclosures_jobheartbeat"
        verbose_name = "定时任务心跳"
        verbose_name_plural = "定时任务心跳"

    def __str__(self) -> str:
        return self.name


class PublicContentGeneration(models.Model):
    """How many times what the public may see has changed: one row (pk 1), bumped in the transaction
    of each change (core.caching.public_pages_changed). A cached public page or a built export
    is used only while the generation it was made under is still the current one."""

    value = models.PositiveBigIntegerField(default=1)

    class Meta:
        db_table = "disclosures_publiccontentgeneration"
        verbose_name = "公开内容代数"
        verbose_name_plural = "公开内容代数"
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="%(app_label)s_%(class)s_single_row",
                violation_error_message="公开内容代数只有一行。",
            )
        ]

    def __str__(self) -> str:
        return str(self.value)


class NumberSequence(models.Model):
    """The last number a case type used in a year, per `name` (its scope, e.g. one jurisdiction's
    information requests): 申请编号, 督办〔2026〕N号. Locked row by row when a number is allocated
    (`core.numbering.next_number`), so two cases never get the same number; a new year starts at 1."""

    name = models.CharField("编号序列", max_length=80)
    year = models.PositiveSmallIntegerField("年度")
    last_value = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="core_numbersequence_unique_name_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}：{self.last_value}"
