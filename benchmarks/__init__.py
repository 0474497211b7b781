"""Benchmark-only views, mounted by disclosure_portal/urls.py when PORTAL_BENCH_VIEWS=1 (see `make bench`)."""
