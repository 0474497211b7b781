"""Form widgets of the back office."""

from django import forms


class RichTextarea(forms.Textarea):
    """正文: a textarea that static/js/rich_text.js turns into a Quill 2 editor (vendored in
    static/vendor/quill, BSD-3) keeping paragraphs, headings, lists, tables and links. The HTML it sends
    is sanitised on save like any other (core.sanitize, nh3); without JavaScript the textarea stays, and
    the form turns typed lines into paragraphs (`core.sanitize.text_to_paragraphs`)."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 16, "class": "vLargeTextField", "data-rich-text": "", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={"all": ["vendor/quill/quill.snow.css"]},
            js=["vendor/quill/quill.js", "js/rich_text.js"],
        )
