from django.db import models

from disclosures.models import Disclosure


class LinkCheck(models.Model):
    """The last check of an external link in a published record (no dead links, seed 004 §二(四))."""

    disclosure = models.ForeignKey(Disclosure, verbose_name="信息公开记录", on_delete=models.CASCADE, related_name="link_checks")
    url = models.URLField("链接", max_length=500)
    ok = models.BooleanField("可访问", default=True, db_index=True)
    status = models.CharField("结果", max_length=100, blank=True)
    checked_at = models.DateTimeField("检查时间")

    class Meta:
        verbose_name = "外部链接检查"
        verbose_name_plural = "外部链接检查"
        ordering = ["-checked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "url"],
                name="%(app_label)s_%(class)s_unique_link",
                violation_error_message="同一记录的同一链接只保留最近一次检查结果。",
            )
        ]

    def __str__(self) -> str:
        return self.url
