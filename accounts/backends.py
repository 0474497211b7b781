"""The lockout check of django-axes, first in AUTHENTICATION_BACKENDS."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username+address before any password is checked (django-axes).

    Every door a person can reach over HTTP passes the request (the admin's login form, the API
    token endpoint), so the lockout applies there. Code that authenticates without a request —
    a shell, a management command, a test — has nobody to throttle: it is let through to the
    password check instead of failing as AxesStandaloneBackend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
