"""Test suites every domain runs (NetBox's `APIViewTestCases` and `BaseFilterSetTests`): a domain's test class
inherits a contract and declares only what differs — its URLs, names and builders. A fourth domain gets the
same tests by declaring them; a domain that breaks a shared rule fails the same test as the others would.

`subject_services`, `subject_admin`, `subject_api`, `subject_pages`, `subject_selectors` and `filtersets` are
the suites; `domain` finds a domain's modules by its code, `records` builds records about a subject from its
`SubjectSpec`, `details` checks structured fields, and `doors` lists every URL for the masking checks."""
