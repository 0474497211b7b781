"""Test suites every domain runs (NetBox's `APIViewTestCases` and `BaseFilterSetTests`): a domain's test class
inherits a contract and declares only what differs — its URLs, names and builders. A fourth domain gets the
same tests by declaring them; a domain that breaks a shared rule fails the same test as the others would."""
