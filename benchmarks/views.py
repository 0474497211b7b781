from django.http import HttpResponse


def ping(request):
    """A constant through the whole middleware stack: the ceiling the portal's pages are compared with."""
    return HttpResponse("pong", content_type="text/plain; charset=utf-8")
