"""What each step of a request asks for, once, for every door: the admin's 办理 panel shows these forms,
the API's action endpoints validate with them (400 with the fields' errors). `perform` calls the service,
which checks the workflow table (409 / 403)."""

from django import forms
from django.utils import timezone

from organizations.models import Department

from . import rules, services
from .choices import (
    CONFIRMED_CHANNELS,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    Delivery,
    FeeMode,
    IdType,
    InfoForm,
    ReplyType,
)
from .models import Consultation, InfoRequest, RequestDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


def _on_field(label: str = "日期", help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, help_text=help_text or "该步骤依法发生的日期，可以早于登记之日，不能晚于今天。")


class StepForm(forms.Form):
    """A step's form: `perform(request, actor)` takes the step through its service."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: InfoRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if "on" in self.fields and not self.is_bound:
            self.fields["on"].initial = timezone.localdate()
        if case is not None:
            self.fields["lock_version"].initial = case.lock_version

    def common(self) -> dict:
        return {"request": self.case, "expected_version": self.cleaned_data.get("lock_version")}

    def perform(self, actor):
        raise NotImplementedError


class ConfirmForm(StepForm):
    on = _on_field("收到申请日期", "平常信函、在线、传真：与申请人确认之日（《政府信息公开条例》第三十一条）。")

    def perform(self, actor):
        return services.request_confirm(actor=actor, on=self.cleaned_data["on"], **self.common())


class AssignForm(StepForm):
    department = forms.ModelChoiceField(label="承办单位", queryset=Department.objects.none())
    on = _on_field("分办日期")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["department"].queryset = Department.objects.filter(jurisdiction_id=case.jurisdiction_id).order_by(
                "ordering", "name"
            )

    def perform(self, actor):
        data = self.cleaned_data
        return services.request_assign(actor=actor, department=data["department"], on=data["on"], **self.common())


class CorrectionForm(StepForm):
    on = _on_field("告知日期", "应在收到申请之日起7个工作日内一次性告知（第三十条）。")
    content = forms.CharField(label="补正内容", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="补正期限", widget=DATE, help_text="给申请人的合理补正期限；逾期未补正的视为放弃申请。")

    def perform(self, actor):
        data = self.cleaned_data
        return services.request_correction(
            actor=actor, on=data["on"], content=data["content"], deadline=data["deadline"], **self.common()
        )


class ReceiveCorrectionForm(StepForm):
    on = _on_field("收到补正日期", "答复期限自此日起重新计算（第三十条）。")

    def perform(self, actor):
        return services.request_receive_correction(actor=actor, on=self.cleaned_data["on"], **self.common())


class ConsultationForm(StepForm):
    kind = forms.ChoiceField(label="征求对象", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方", max_length=200)
    on = _on_field("发出日期")
    party_received_on = forms.DateField(label="对方收到日期", widget=DATE, required=False,
                                        help_text="已知时填写；对方自收到之日起15个工作日内提出意见。")

    def perform(self, actor):
        data = self.cleaned_data
        return services.consultation_send(
            actor=actor, kind=data["kind"], party=data["party"], on=data["on"],
            party_received_on=data["party_received_on"], **self.common(),
        )


class ConsultationReplyForm(StepForm):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    party_received_on = forms.DateField(label="对方收到日期", widget=DATE, required=False)
    outcome = forms.ChoiceField(label="意见", choices=ConsultationOutcome.choices)
    replied_on = forms.DateField(label="收到意见日期", widget=DATE, required=False)
    note = forms.CharField(label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["consultation"].queryset = case.consultations.filter(outcome=ConsultationOutcome.PENDING)

    def perform(self, actor):
        data = self.cleaned_data
        services.consultation_record(
            consultation=data["consultation"], actor=actor, party_received_on=data["party_received_on"],
            replied_on=data["replied_on"], outcome=data["outcome"], note=data["note"],
            expected_version=data.get("lock_version"),
        )
        return self.case


class ExtensionRequestForm(StepForm):
    on = _on_field("申请日期")
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        data = self.cleaned_data
        return services.extension_request(actor=actor, on=data["on"], reason=data["reason"], **self.common())


class ExtensionForm(StepForm):
    on = _on_field("批准日期", "须在答复期限届满前（第三十三条第二款）。")
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=rules.EXTENSION_MAX_DAYS, initial=rules.EXTENSION_MAX_DAYS)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        data = self.cleaned_data
        return services.extension_grant(actor=actor, on=data["on"], days=data["days"], reason=data["reason"], **self.common())


class ReasonsForm(StepForm):
    on = _on_field("要求日期")
    reason = forms.CharField(label="要求说明理由的内容", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        data = self.cleaned_data
        return services.reasons_request(actor=actor, on=data["on"], reason=data["reason"], **self.common())


class DeferralForm(StepForm):
    on = _on_field("决定日期", "须在答复期限届满前。")
    until = forms.DateField(label="延迟答复期限", widget=DATE, help_text="晚于现在的答复期限的一个工作日。")
    reason = forms.CharField(label="延迟理由", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        data = self.cleaned_data
        return services.deferral_set(actor=actor, on=data["on"], until=data["until"], reason=data["reason"], **self.common())


class FeeNoticeForm(StepForm):
    on = _on_field("通知日期")
    mode = forms.ChoiceField(label="计收方式", choices=FeeMode.choices)
    ordinal = forms.IntegerField(label="本自然月内第几件申请", min_value=1, required=False, help_text="按件计收时填写。")
    pages = forms.IntegerField(label="页数", min_value=0, required=False, help_text="按量计收时填写。")

    def perform(self, actor):
        data = self.cleaned_data
        return services.fee_notice(
            actor=actor, on=data["on"], mode=data["mode"], ordinal=data["ordinal"], pages=data["pages"], **self.common()
        )


class FeePaidForm(StepForm):
    on = _on_field("缴费日期")

    def perform(self, actor):
        return services.fee_paid(actor=actor, on=self.cleaned_data["on"], **self.common())


class ReplyDraftForm(StepForm):
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    reply_subtype = forms.ChoiceField(
        label="具体情形", required=False, choices=[("", "（无）"), *rules.subtype_choices()],
        help_text="与年度报告表三的分项一致。",
    )
    reply_text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))
    reply_basis = forms.CharField(
        label="法律依据", required=False, max_length=300,
        help_text="部分公开、不予公开、无法提供、不予处理必须写明（第三十六条第（三）项、第三十七条）。",
    )

    def perform(self, actor):
        data = self.cleaned_data
        return services.reply_submit(
            actor=actor, reply_type=data["reply_type"], subtype=data["reply_subtype"], text=data["reply_text"],
            basis=data["reply_basis"], **self.common(),
        )


class ReplyReturnForm(StepForm):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        return services.reply_return(actor=actor, comment=self.cleaned_data["comment"], **self.common())


class ReplyIssueForm(StepForm):
    on = _on_field("答复日期", "答复书落款日期。")

    def perform(self, actor):
        return services.reply_issue(actor=actor, on=self.cleaned_data["on"], **self.common())


class DeliverForm(StepForm):
    on = _on_field("送达日期")
    note = forms.CharField(label="送达方式及凭证", max_length=200, required=False, help_text="如：EMS 单号、电子邮件发送记录。")

    def perform(self, actor):
        data = self.cleaned_data
        return services.request_deliver(actor=actor, on=data["on"], note=data["note"], **self.common())


class WithdrawForm(StepForm):
    on = _on_field("撤回日期")
    reason = forms.CharField(label="撤回说明", widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self, actor):
        data = self.cleaned_data
        return services.request_withdraw(actor=actor, on=data["on"], reason=data["reason"], **self.common())


class AnswerFileForm(StepForm):
    file = forms.FileField(label="答复附件", help_text="随答复提供的政府信息（pdf、docx、xlsx、jpg、png 等）；加密保存，逐部分检查个人信息。")

    def perform(self, actor):
        services.answer_file_add(actor=actor, uploaded_file=self.cleaned_data["file"], **self.common())
        return self.case


class AnswerFileRemoveForm(StepForm):
    document = forms.ModelChoiceField(label="答复附件", queryset=RequestDocument.objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["document"].queryset = case.documents.filter(kind=RequestDocument.Kind.ANSWER)

    def perform(self, actor):
        services.answer_file_remove(document=self.cleaned_data["document"], actor=actor,
                                    expected_version=self.cleaned_data.get("lock_version"))
        return self.case


# The workflow table's actions (workflow.py) and their forms; the system's `abandon` has none.
STEP_FORMS: dict[str, type[StepForm]] = {
    "confirm": ConfirmForm,
    "assign": AssignForm,
    "request_correction": CorrectionForm,
    "receive_correction": ReceiveCorrectionForm,
    "send_consultation": ConsultationForm,
    "record_consultation_reply": ConsultationReplyForm,
    "request_extension": ExtensionRequestForm,
    "extend": ExtensionForm,
    "ask_reasons": ReasonsForm,
    "defer": DeferralForm,
    "fee_notice": FeeNoticeForm,
    "fee_paid": FeePaidForm,
    "add_answer_file": AnswerFileForm,
    "remove_answer_file": AnswerFileRemoveForm,
    "submit_reply": ReplyDraftForm,
    "return_reply": ReplyReturnForm,
    "reply": ReplyIssueForm,
    "deliver": DeliverForm,
    "withdraw": WithdrawForm,
}


# ---------------------------------------------------------------------------------------------
# The application (第二十九条): the citizen's online form and the office's intake desk
# ---------------------------------------------------------------------------------------------
class ApplicationForm(forms.ModelForm):
    """The elements of 第二十九条第二款. The identity number is kept encrypted (core.crypto)."""

    id_number = forms.CharField(label="身份证明号码", max_length=40)
    agree = forms.BooleanField(
        label="本人承诺所填信息真实，并同意本机关为办理本申请使用上述信息。", required=True,
    )

    class Meta:
        model = InfoRequest
        fields = [
            "applicant_type", "applicant_name", "contact_person", "id_type", "id_number", "phone", "email",
            "address", "postcode", "description", "info_form", "delivery",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields["id_type"].choices = IdType.choices
        self.fields["info_form"].choices = InfoForm.choices
        self.fields["delivery"].choices = Delivery.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("applicant_type") not in (None, ApplicantType.PERSON) and not cleaned.get("contact_person"):
            self.add_error("contact_person", "法人或者其他组织申请的，请填写联系人。")
        if cleaned.get("delivery") == Delivery.EMAIL and not cleaned.get("email"):
            self.add_error("email", "选择电子邮件获取信息的，请填写电子邮箱。")
        if cleaned.get("delivery") == Delivery.POST and not cleaned.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        return cleaned

    def applicant(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.APPLICANT_FIELDS if name in self.cleaned_data}


class IntakeForm(ApplicationForm):
    """The office's intake desk: paper, post, fax and oral applications (第二十九条: 口头提出的代为填写)."""

    agree = None
    addressed_to = forms.ModelChoiceField(label="受理机关", queryset=Department.objects.none())
    channel = forms.ChoiceField(label="申请方式", choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE])
    received_on = forms.DateField(
        label="收到申请日期", widget=DATE, required=False,
        help_text="当面、口头：提交之日；挂号信、特快专递：签收之日。平常信函、传真由确认后登记（第三十一条）。",
    )

    class Meta(ApplicationForm.Meta):
        fields = ["addressed_to", "channel", "received_on", *ApplicationForm.Meta.fields]

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["addressed_to"].queryset = departments

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel and channel not in CONFIRMED_CHANNELS and not cleaned.get("received_on"):
            self.add_error("received_on", "当面、口头和需签收的邮寄申请，请填写收到申请日期。")
        if channel in CONFIRMED_CHANNELS and cleaned.get("received_on"):
            self.add_error("received_on", "平常信函、传真的收到日期为与申请人确认之日：先登记，确认后再填写。")
        if cleaned.get("received_on") and cleaned["received_on"] > timezone.localdate():
            self.add_error("received_on", "日期不能晚于今天。")
        return cleaned



class PeriodForm(forms.Form):
    """A period of the statistics (年度报告: 1 January to 31 December)."""

    start = forms.DateField(label="起始日期", widget=DATE)
    end = forms.DateField(label="截止日期", widget=DATE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", "截止日期不能早于起始日期。")
        return cleaned
