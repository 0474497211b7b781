"""The annual report's vocabulary (《政府信息公开条例》第四十九条、第五十条; format: 国办公开办函〔2021〕30号)."""

from django.db import models


class ReviewKind(models.TextChoices):
    """Part 四's three groups."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = "litigation_after", "行政诉讼（复议后起诉）"


class ReviewResult(models.TextChoices):
    """Part 四's columns (a case without a result by 31 December is 尚未审结)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
