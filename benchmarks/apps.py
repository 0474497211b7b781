from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Tooling, not a part of the product: the benchmark's constant view (mounted only by `make bench`)
    and `snapshot_public`, the before/after proof of refactorings (docs/architecture.md)."""

    name = "benchmarks"
    verbose_name = "性能与快照工具"
