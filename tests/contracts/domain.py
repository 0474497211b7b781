"""What a contract reads of a domain by the layout every domain app shares (docs/domains.md): the subject its
`Domain` declares, its `services` and `selectors`, and its test builders — `tests/factories.py` (through the
services, the path clerks take) and `tests/builders.py` (rows made directly, for the page tests). A domain's
test class names its `domain` code; the rest it declares is what differs."""

from importlib import import_module

from core.domains import get_domain


class DomainTestCase:
    domain: str

    @property
    def spec(self):
        return get_domain(self.domain).subject

    @property
    def services(self):
        return import_module(f"{self.domain}.services")

    @property
    def selectors(self):
        return import_module(f"{self.domain}.selectors")

    @property
    def factories(self):
        return import_module(f"{self.domain}.tests.factories")

    @property
    def builders(self):
        return import_module(f"{self.domain}.tests.builders")
