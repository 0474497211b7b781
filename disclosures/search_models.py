"""
What makes search help (issue 23, part 6; the rules: disclosures/search_help.py):

- `SynonymGroup`: words the 政务公开办 says mean the same (公租房 / 公共租赁住房): a search for one also finds
  the others;
- `SearchTermCount`: how many times a term that found something was searched on a day — the term and a
  count, nothing about who searched.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core import pii
from core.sanitize import PlainTextModelMixin

# A group's words are typed one a line, or separated by 、，, ; or spaces.
TERM_SEPARATORS = re.compile(r"[\s、，,；;]+")
TERM_MIN, TERM_MAX = 2, 20  # characters of a synonym or of a counted term
GROUP_MAX = 8  # words in a group: each one is searched, so a group stays small


def split_terms(text: str) -> list[str]:
    """The distinct words of a group as typed (first spelling kept; compared without case)."""
    from . import search  # search.py reads the models

    words = {}
    for word in TERM_SEPARATORS.split(search.clean_query(text or "", max_length=10_000)):
        if word:
            words.setdefault(word.lower(), word)
    return list(words.values())


class SynonymGroup(PlainTextModelMixin, models.Model):
    """Words that mean the same to readers. Edited by the 政务公开办 in the admin, through
    `search_help.synonym_group_save` (audit row, cached pages refreshed)."""

    terms = models.TextField(
        "同义词",
        help_text=(
            f"每行一个词（也可用顿号、逗号或空格分隔），{GROUP_MAX}个以内，每个词{TERM_MIN}—{TERM_MAX}个字。"
            "检索其中任一个词时，同时检索其他词；检索结果页会告诉读者同时检索了哪些词。"
        ),
    )
    updated_at = models.DateTimeField("更新时间", null=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )

    class Meta:
        verbose_name = "检索同义词"
        verbose_name_plural = "检索同义词"
        ordering = ["pk"]

    def __str__(self) -> str:
        return " ↔ ".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        """The words one a line; each one a word a search can find, in no other group; no personal data
        (the words are shown to readers: 《政府信息公开条例》第十五条)."""
        # search reads this module's groups: imported here, not at load, to avoid a cycle
        from . import search

        super().clean()
        words = self.term_list()
        errors = []
        if len(words) < 2:
            errors.append("至少填写两个意思相同的词。")
        if len(words) > GROUP_MAX:
            errors.append(f"一组最多{GROUP_MAX}个词。")
        for word in words:
            if not TERM_MIN <= len(word) <= TERM_MAX:
                errors.append(f"“{word}”：每个词应为{TERM_MIN}—{TERM_MAX}个字。")
            elif not search.terms(word) or search.has_single_cjk(word):
                errors.append(f"“{word}”：不能作为检索词（应由两个以上连续的汉字，或字母、数字组成）。")
        others = SynonymGroup.objects.exclude(pk=self.pk)
        taken = {word.lower(): group for group in others for word in group.term_list()}
        for word in words:
            if word.lower() in taken:
                errors.append(f"“{word}”已在同义词组“{taken[word.lower()]}”中，一个词只能属于一组。")
        self.terms = "\n".join(words)
        if errors:
            raise ValidationError({"terms": errors})
        pii.check_public_text(self)


class SearchTermCount(models.Model):
    """How many searches for `term` found something on `day` (local date). Only the term and the count:
    never the reader's address, nothing else about them (search_help.search_term_count)."""

    term = models.CharField("检索词", max_length=TERM_MAX)
    day = models.DateField("日期")
    count = models.PositiveIntegerField("检索次数", default=0)

    class Meta:
        verbose_name = "检索词统计"
        verbose_name_plural = "检索词统计"
        constraints = [
            models.UniqueConstraint(
                fields=["term", "day"],
                name="%(app_label)s_%(class)s_one_row_per_term_and_day",
                violation_error_message="该检索词当天的统计已存在。",
            )
        ]
        # the most searched terms read the last days; the daily job deletes the oldest
        indexes = [models.Index(fields=["day"], name="searchtermcount_day")]

    def __str__(self) -> str:
        return f"{self.term} {self.day}: {self.count}"
