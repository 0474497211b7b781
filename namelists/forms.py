from django import forms
from django.core.exceptions import ValidationError

from disclosures.choices import Status
from disclosures.selectors import disclosures_for_user

from . import services
from .models import NameList


class NameListForm(forms.ModelForm):
    """A list's settings plus a CSV of its entries (姓名,身份证号码,联系电话,所在村（社区）,家庭人口,金额,备注).

    The 公示期 is N 日 or N 工作日 from the day after publication, or 长期公示 (no last day)."""

    entries_file = forms.FileField(
        label="名单文件（Excel 或 CSV）",
        required=False,
        help_text="首行为列名（CSV 用 UTF-8 编码）：" + "、".join(services.CSV_HEADERS) + "。上传后替换原有名单。",
    )

    class Meta:
        model = NameList
        fields = ["disclosure", "long_term", "notice_days", "notice_unit", "scope", "scope_description", "show_amount"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("notice_days", "notice_unit"):  # absent from a read-only (view permission) form
            if name in self.fields:
                # notice_days is not needed for 长期公示 (clean() asks for it otherwise); a unit not sent keeps
                # the list's unit (日 for a new list)
                self.fields[name].required = False
        if user is not None and "disclosure" in self.fields:
            self.fields["disclosure"].queryset = disclosures_for_user(user).filter(status=Status.DRAFT)

    def clean_entries_file(self):
        upload = self.cleaned_data.get("entries_file")
        if upload and not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("名单文件必须是 Excel（.xlsx）或 CSV 文件。")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("entries_file"):
            self.add_error("entries_file", "新建名单时必须上传名单文件。")
        if not cleaned.get("notice_unit") and "notice_unit" not in self.errors:
            cleaned["notice_unit"] = self.instance.notice_unit
        if cleaned.get("notice_days") is None and "notice_days" not in self.errors:
            if cleaned.get("long_term"):  # a long-term list has no last day: the stored number is not used
                cleaned["notice_days"] = self.instance.notice_days
            else:
                self.add_error("notice_days", "请填写公示期（日数），或勾选长期公示。")
        scope = cleaned.get("scope")
        if scope == "specific" and not cleaned.get("scope_description"):
            self.add_error("scope_description", "向特定区域特定群体公开时必须写明公开范围。")
        return cleaned
