"""An e-mail backend whose server is down, for tests of retrying."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("SMTP server unreachable")
