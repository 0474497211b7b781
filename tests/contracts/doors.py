"""Every door of the project, for the tests that check what no door may show (the masking of personal data
in resources/ and welfare/): the URL patterns as tests/test_leaks.py enumerates and fills them, one door
family at a time (so that pytest-xdist spreads the crawl), with query strings that narrow the lists."""

from dataclasses import dataclass, field

from tests.test_leaks import FROM_CODE_ALONE, endpoints, family_of, routed_methods, urls_for


@dataclass
class Filler:
    """What the enumerator fills path parameters from: `record_ids` for every `pk` (records, subjects, name
    lists: any id of the world), attachment `tokens`, and the (domain, category) `columns` of the records."""

    record_ids: list[int]
    columns: set[tuple[str, str]]
    tokens: list[str] = field(default_factory=lambda: ["0" * 32])


def door_urls(filler: Filler, family: str, list_queries: tuple[str, ...] = ()) -> list[str]:
    """The URLs of one door family: each filled URL plain and with `?format=json`, and the routes without a
    parameter (lists, search, feeds) also with each of `list_queries` — but the documents made from the code
    alone (API root, schema, robots.txt), which no query brings a record into. As in the leak crawl, a route
    that does not route GET is asked once, and a `.api` URL is not asked again with `?format=json`."""
    urls = []
    for endpoint in endpoints():
        if family_of(endpoint) != family:
            continue
        queries = ("", "?format=json")
        if "format" in endpoint.param_names:  # the `.api` suffix decides the format: `?format=json` repeats ""
            queries = ("",)
        if not endpoint.params and endpoint.name not in FROM_CODE_ALONE:
            queries += list_queries
        filled = urls_for(endpoint, filler)
        routed = routed_methods(endpoint)
        if routed is not None and "get" not in routed:  # refused before any record: asked of one URL
            filled = filled[:1]
        urls += [url + query for url in filled for query in queries]
    return urls
