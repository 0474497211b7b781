"""Signals the platform sends and the apps above it receive (core knows no app above it).

`case_notice`: a step of a declared workflow (disclosures.workflow) has something to tell people —
sent inside the step's transaction, with `users`, `kind`, `title`, `body`, `url` and `dedupe_key`.
The notifications app delivers it to their 站内消息 (and by e-mail where configured); a step that
fails afterwards rolls the messages back with it.
"""

from django.dispatch import Signal

case_notice = Signal()
