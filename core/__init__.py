"""
The shared platform under every app: the audit log, the public-page cache, spreadsheets, uploads and
their scan, validators, the personal-data guard, plain-text sanitising, the domain registry, job
heartbeats, request limits and the admin base class. It knows no app above it (docs/architecture.md).
"""
