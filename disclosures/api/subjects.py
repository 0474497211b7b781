"""The API of a domain's subjects (projects, matters, programmes), once: a read-only viewset scoped by the
kernel's subject policy (anonymous readers see the public subjects, staff also their scope), a Chinese 404,
and a detail that nests the subject's records the reader may see. A domain's viewset declares its spec,
serializers, filterset and ordering, and orders its records (`detail_records`)."""

from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from organizations.selectors import user_scope

from ..choices import Status
from ..selectors import api_disclosures_for
from ..subjects import subject_policy


class ChineseNotFoundMixin:
    """A read-only viewset whose missing (or not visible) item is a 404 with a Chinese message saying what was
    not found (`not_found_message`); the subjects' viewsets and the domains' registers (严重失信主体名单,
    公共企事业单位) use it."""

    not_found_message = "没有找到该项。"

    def get_not_found_message(self) -> str:
        return self.not_found_message

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound(self.get_not_found_message()) from exc


class SubjectViewSet(ChineseNotFoundMixin, viewsets.ReadOnlyModelViewSet):
    subject_spec = None  # the domain's SubjectSpec
    detail_serializer_class = None
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return subject_policy(self.subject_spec).api_visible(self.request.user).order_by(*self.ordering)

    def get_not_found_message(self) -> str:
        noun = self.subject_spec.noun
        return f"没有找到该{noun}，或该{noun}尚无公开的信息。"

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    def readable_records(self, user, subject):
        """The subject's records the user may read: staff their scope (drafts too), the public what is published;
        never merged or withdrawn ones."""
        records = (
            api_disclosures_for(user)
            .filter(**{self.subject_spec.record_lookup: subject})
            .exclude(status__in=[Status.MERGED, Status.WITHDRAWN])
        )
        if not user_scope(user).is_staff_member:
            records = records.filter(status=Status.PUBLISHED)
        return records

    def detail_records(self, records, subject) -> list:
        """The records in the order the subject's page shows them."""
        return list(records.order_by("formed_on", "published_at", "pk"))

    def retrieve(self, request, *args, **kwargs):
        subject = self.get_object()
        records = self.detail_records(self.readable_records(request.user, subject), subject)
        context = {**self.get_serializer_context(), f"{self.subject_spec.name}_records": records}
        return Response(self.detail_serializer_class(subject, context=context).data)
