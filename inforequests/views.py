"""The citizen's side of 依申请公开, no account needed: the 政府信息公开指南 (第十二条) of each jurisdiction, the guide (第二十八条: channels, addresses, times,
fees, procedure, remedies), the online application (第二十九条) with its receipt, and the applicant's own
status page, reached with the 申请编号 and the 查询码 (rate-limited; a wrong pair says only that it is
wrong). The 指南 and the guide are cached public pages; the applicant's pages are never cached, and nothing
here shows another applicant's data."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalogue.selectors import catalogue_tree
from core import limits, uploads
from core.caching import cached_public_page
from core.domains import all_domains
from organizations.models import Department, Jurisdiction

from . import clock, rules, services
from .choices import RECEIPT_RULE, Channel, Status
from .forms import ApplicationForm
from .models import DisclosureGuide, InfoRequest, RequestDesk, RequestDocument
from .selectors import default_guide_jurisdiction


def body_label(department: Department) -> str:
    """How a citizen names the body applied to: the government (through its office) or a department."""
    if department.is_office:
        return f"{department.jurisdiction.name}人民政府（{department.name}受理）"
    return department.name


class OnlineApplicationForm(ApplicationForm):
    addressed_to = forms.ModelChoiceField(label="向哪个机关申请", queryset=Department.objects.none())
    identity_file = forms.FileField(
        label="身份证明", help_text="身份证件或统一社会信用代码证的扫描件或照片（pdf、jpg、png），加密保存，仅用于办理本申请。"
    )

    field_order = ["addressed_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.select_related("jurisdiction").order_by("jurisdiction__level", "-is_office",
                                                                                    "ordering", "name")
        field = self.fields["addressed_to"]
        field.queryset = departments
        field.label_from_instance = body_label


def request_rules_context(desks) -> dict:
    """What the 依申请公开 procedure (_request_procedure.html) and the remedies (_remedies.html) show, on /ysq/
    and in the 指南: one text, from `rules` and the office's 受理点."""
    return {
        "desks": desks.select_related("department__jurisdiction"),
        "receipt_rules": list(RECEIPT_RULE.values()),
        "remedy_routes": rules.REMEDY_ROUTES,
        "answer_days": rules.ANSWER_DAYS,
        "extension_days": rules.EXTENSION_MAX_DAYS,
        "correction_days": rules.CORRECTION_NOTICE_DAYS,
        "fee_basis": rules.FEE_BASIS,
    }


@cached_public_page
def guide(request):
    return render(request, "inforequests/guide.html", request_rules_context(RequestDesk.objects.all()))


INDEX_NO_PARTS = {"dept_code": "机构代码", "jurisdiction_code": "区划代码", "year": "年份", "seq": "流水号"}


def index_no_scheme(pattern: str) -> str:
    """The jurisdiction's 索引号 format in words: "{dept_code}-{year}-{seq:06d}" → "机构代码-年份-6位流水号"."""
    def word(match):
        name, spec = match.group(1), match.group(2) or ""
        width = re.search(r"(\d+)d", spec)
        return (f"{int(width.group(1))}位" if width else "") + INDEX_NO_PARTS.get(name, name)

    return re.sub(r"\{(\w+)(?::([^}]*))?\}", word, pattern)


@cached_public_page
def disclosure_guide(request, code: str | None = None):
    """政府信息公开指南 (《政府信息公开条例》第十二条) of a jurisdiction (by default `selectors.default_guide_jurisdiction`). The office's parts
    (工作机构, 其他主动公开渠道, 查阅场所, 前言) come from its `DisclosureGuide`; the classification (the domains'
    columns and the 标准目录), the 依申请公开 procedure and the remedies are generated, each citing its article.
    Before the office has written one, the generated parts show with the 政务公开办's own name and phone."""
    jurisdiction = default_guide_jurisdiction() if code is None else Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None:
        raise Http404("没有这个区划的政府信息公开指南。")
    guide = DisclosureGuide.objects.filter(jurisdiction=jurisdiction).first()
    counts = {(node["domain"].code, category["code"]): len(category["entries"])
              for node in catalogue_tree() for category in node["categories"]}
    domains = [
        {"domain": domain, "categories": [(code_, label, counts.get((domain.code, code_), 0))
                                          for code_, label in domain.category_choices]}
        for domain in all_domains()
    ]
    context = {
        "jurisdiction": jurisdiction,
        "guide": guide,
        "index_no_scheme": index_no_scheme(jurisdiction.index_no_pattern),
        "office": Department.objects.filter(jurisdiction=jurisdiction, is_office=True).order_by("ordering").first(),
        "domains": domains,
        "others": DisclosureGuide.objects.exclude(jurisdiction=jurisdiction).select_related("jurisdiction"),
        **request_rules_context(RequestDesk.objects.filter(jurisdiction=jurisdiction)),
    }
    return render(request, "inforequests/disclosure_guide.html", context)


@never_cache
def apply(request):
    form = OnlineApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        rate = limits.parse_rate(settings.PORTAL_YSQ_APPLY_RATE)
        if not limits.hit(request, "ysq-apply", rate):
            return limits.too_many(request, f"在线申请提交过于频繁（{rate.period}最多 {rate.count} 次），请稍后再试。", rate)
        if form.is_valid():
            try:
                with transaction.atomic():
                    created, code = services.request_create(
                        addressed_to=form.cleaned_data["addressed_to"], channel=Channel.ONLINE, actor=None,
                        **form.applicant(),
                    )
                    services.document_add(
                        request=created, kind=RequestDocument.Kind.IDENTITY,
                        uploaded_file=form.cleaned_data["identity_file"], field="identity_file",
                    )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return render(request, "inforequests/receipt.html", {"case": created, "code": code,
                                                                     "body": body_label(created.addressed_to)})
    return render(request, "inforequests/apply.html", {"form": form})


class LookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40)
    code = forms.CharField(label="查询码", max_length=20, widget=forms.PasswordInput(render_value=True))


WRONG = "申请编号或查询码不正确。"


def _own_request(request, form: LookupForm) -> tuple[InfoRequest | None, object]:
    """The applicant's request named by the form's 申请编号 and 查询码, or None; a 429 response instead when
    the client asks too often (the second value)."""
    rate = limits.parse_rate(settings.PORTAL_YSQ_LOOKUP_RATE)
    if not limits.hit(request, "ysq-lookup", rate):
        return None, limits.too_many(request, f"查询过于频繁（{rate.period}最多 {rate.count} 次），请稍后再试。", rate)
    if not form.is_valid():
        return None, None
    case = InfoRequest.objects.select_related("addressed_to__jurisdiction", "department").filter(
        number=form.cleaned_data["number"].strip().upper()
    ).first()
    if case is None or not case.check_query_code(form.cleaned_data["code"]):
        form.add_error(None, WRONG)
        return None, None
    return case, None


@never_cache
def status(request):
    form = LookupForm(request.POST or None)
    case = None
    if request.method == "POST":
        case, refused = _own_request(request, form)
        if refused is not None:
            return refused
    if case is None:
        return render(request, "inforequests/lookup.html", {"form": form})
    return render(request, "inforequests/status.html", status_context(case, form.cleaned_data["code"]))


class CorrectionUploadForm(LookupForm):
    file = forms.FileField(label="补正材料", help_text="pdf、docx、jpg、png 等，加密保存。")
    note = forms.CharField(label="补正说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


@never_cache
@require_POST
def correction(request):
    """补正 from the status page (第三十条): the file is stored encrypted and the handling clerks are told;
    the clock restarts from the day the body confirms receiving it (the desk's 收到补正)."""
    form = CorrectionUploadForm(request.POST, request.FILES)
    case, refused = _own_request(request, form)
    if refused is not None:
        return refused
    if case is None:
        lookup = LookupForm(request.POST)
        if lookup.is_valid():
            lookup.add_error(None, WRONG)
        return render(request, "inforequests/lookup.html", {"form": lookup})
    sent = False
    if case.status == Status.CORRECTING:
        try:
            services.correction_upload(request=case, uploaded_file=form.cleaned_data["file"], note=form.cleaned_data["note"])
            sent = True
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("document", exc.messages))
    context = status_context(case, form.cleaned_data["code"]) | {"correction_form": form, "correction_sent": sent}
    return render(request, "inforequests/status.html", context)


@never_cache
@require_POST
def answer_file(request):
    """A file given with the answer, for its applicant only (申请编号 + 查询码), decrypted on the way out."""
    form = LookupForm(request.POST)
    case, refused = _own_request(request, form)
    if refused is not None:
        return refused
    if case is None or case.status != Status.ANSWERED:
        raise Http404
    document_id = request.POST.get("document", "")
    if not document_id.isdigit():
        raise Http404
    document = get_object_or_404(case.documents, pk=int(document_id), kind=RequestDocument.Kind.ANSWER)
    response = HttpResponse(services.document_bytes(document), content_type=document.content_type)
    response["Content-Disposition"] = uploads.content_disposition(document.original_name)
    return response


def status_context(case: InfoRequest, code: str = "") -> dict:
    """What the applicant is told about their own request, and nothing about anyone's else. `code` goes
    back into the page's own forms (补正 upload, answer files): the page is the applicant's, never cached."""
    pauses = [line for line in clock.explain(case) if "不计入" in line or "暂停计时" in line]
    return {
        "case": case,
        "body": body_label(case.addressed_to),
        "clock_lines": clock.explain(case) if case.status != Status.UNCONFIRMED else [],
        "pauses": pauses,
        "consultation_pending": case.consultations.filter(outcome="pending").exists(),
        "remedies": rules.REMEDIES,
        "letter": rules.reply_letter(case, body_label(case.addressed_to)) if case.status == Status.ANSWERED else [],
        "code": code,
        "answer_files": case.documents.filter(kind=RequestDocument.Kind.ANSWER) if case.status == Status.ANSWERED else [],
        "correction_form": CorrectionUploadForm(initial={"number": case.number, "code": code}),
    }
