"""`{% fragment "name" value… %}…{% endfragment %}`: a part of a public page kept in the fragment cache
(core/fragments.py), one copy per name and values, under the current generation of public content.

The values must name everything the part shows that is not the same on every page: a record's pk, the
column's domain and category, the option chosen in a filter… (their text is the key). A filter field's
errors (and so its aria-invalid) follow from its value: its fragment varies on the value alone."""

from django import template

from core.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, *, whole_page=False):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.whole_page = whole_page

    def render(self, context):
        vary = [value.resolve(context) for value in self.vary]
        return cached_fragment(
            context.get("request"), self.name, vary, lambda: self.nodelist.render(context), whole_page=self.whole_page
        )


def _parse(parser, token, *, whole_page: bool) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} takes a quoted name, then the values it varies on.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], whole_page=whole_page
    )


@register.tag
def fragment(parser, token):
    return _parse(parser, token, whole_page=False)


@register.tag
def page_fragment(parser, token):
    """`{% page_fragment "name" value… %}…{% endpage_fragment %}`: a whole page of a list's rows or of a search's
    results, kept apart from the smaller parts (core.fragments.PAGE_FRAGMENTS)."""
    return _parse(parser, token, whole_page=True)
