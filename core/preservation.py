"""
No silent destruction (issue 26, part 4): published material is never deleted, by anyone, through any door.

A government record that was made public is an official document: 《中华人民共和国档案法》(2020 修订)第二十一条
leaves the retention standards and the destruction procedure to the national archives administration and
says 禁止擅自销毁档案 (source: 裴佳勇等, 山西档案 2021年6期, quoting the article), and 《机关文件材料归档范围和文书档案
保管期限规定》(国家档案局令第8号, 2006) sets the retention periods (永久、定期30年、定期10年) before which nothing
is destroyed. What the public must no longer see is withdrawn (撤回), which keeps the row and shows a notice.

A model holding published material inherits `PreservedModel` and says which of its rows are preserved
(`preserved_when`, a Q) and which published record each row belongs to (`preserved_record`, a lookup path to
that record's pk). Its `delete()` and its queryset's `delete()` — the admin's delete page and bulk action,
an inline's delete box, a service or a shell — refuse a preserved row with `ProtectedError`, before Django
collects anything or opens a transaction (as PROTECT does). Foreign keys from departments, users, subjects
and the catalogue to these rows are PROTECT, so no cascade reaches them either.

The only way through is the documented 销毁 procedure (`manage.py destroy_record`, disclosures/archiving.py),
which checks the retention period and the archive package, writes its audit row, and only then deletes inside
`destruction_authorised(record_pks)`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import ProtectedError, Q
from django.db.models.fields.files import FieldFile

# The pks of the published records the running 销毁 procedure may delete (none outside it).
_authorised: ContextVar[frozenset] = ContextVar("destruction_authorised", default=frozenset())

REFUSAL = "{what}已经公开，不能删除：公开的信息只能撤回；保管期满的，须先归档再按销毁程序办理（manage.py destroy_record）。"


@contextmanager
def destruction_authorised(record_pks):
    """Inside this block, rows belonging to these published records may be deleted (the 销毁 procedure only)."""
    token = _authorised.set(_authorised.get() | frozenset(record_pks))
    try:
        yield
    finally:
        _authorised.reset(token)


def authorised_records() -> frozenset:
    return _authorised.get()


def refuse_destruction(queryset) -> None:
    """Raise ProtectedError if the queryset holds a preserved row that no running 销毁 procedure covers."""
    model = queryset.model
    protected = queryset.filter(model.preserved_when)
    authorised = _authorised.get()
    if authorised:
        protected = protected.exclude(**{f"{model.preserved_record}__in": authorised})
    rows = list(protected[:4])
    if rows:
        names = "、".join(f"“{row}”" for row in rows[:3]) + ("等" if len(rows) > 3 else "")
        raise ProtectedError(REFUSAL.format(what=f"{model._meta.verbose_name}{names}"), set(rows))


class PreservedQuerySet(models.QuerySet):
    def delete(self):
        refuse_destruction(self)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class PreservedFieldFile(FieldFile):
    def delete(self, save=True):
        # `record.attachments.get().file.delete()` would erase a published file and keep its row.
        if self.instance.pk is not None and isinstance(self.instance, PreservedModel):
            refuse_destruction(type(self.instance)._base_manager.filter(pk=self.instance.pk))
        super().delete(save)

    delete.alters_data = True


class PreservedFileField(models.FileField):
    """A FileField whose stored file cannot be deleted while its row is preserved (the 销毁 procedure deletes
    the files through the storage after its transaction commits). Migrations see a plain FileField."""

    attr_class = PreservedFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class PreservedModel(models.Model):
    """A model holding published material. Subclasses set `preserved_when` (which rows, default: all) and
    `preserved_record` (the lookup path to the published record's pk) and use a `PreservedQuerySet` manager."""

    preserved_when: Q = Q()
    preserved_record: str = "pk"

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        if self.pk is not None:
            refuse_destruction(type(self)._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)
