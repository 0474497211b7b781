from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services
from .models import Notification


@staff_member_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    if request.method == "POST":
        ids = request.POST.getlist("id") or None
        services.notification_mark_read(user=request.user, notification_ids=ids)
        return redirect("notifications:inbox")
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    # The staff skin: the admin's header, user tools and site name (admin.site.each_context).
    context = admin.site.each_context(request) | {"page": page, "title": "站内消息"}
    return render(request, "notifications/inbox.html", context)
