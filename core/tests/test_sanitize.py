"""Plain text as paragraphs (core.sanitize): the Excel import's 正文 cell and the admin form without its editor."""

import pytest

from core.sanitize import lines_to_paragraphs, text_to_paragraphs


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("", ""),
        (None, ""),
        ("各有关单位：\n一、同意。\n\n  县发展和改革委员会  ", "<p>各有关单位：</p><p>一、同意。</p><p>县发展和改革委员会</p>"),
        ("A & B <p>", "<p>A &amp; B &lt;p&gt;</p>"),  # a cell is text, whatever it looks like
    ],
)
def test_lines_become_escaped_paragraphs(text, html):
    assert lines_to_paragraphs(text) == html


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("<p>编辑器的正文</p>", "<p>编辑器的正文</p>"),  # HTML from the editor: left to the sanitiser
        ("</p>半个标签", "</p>半个标签"),
        ("<!-- 注释 -->", "<!-- 注释 -->"),
        ("投资额<5000万元\r\n2 < 3", "<p>投资额&lt;5000万元</p><p>2 &lt; 3</p>"),  # "<" before a digit or space is text
        ("第一段\n第二段", "<p>第一段</p><p>第二段</p>"),
    ],
)
def test_text_without_a_tag_becomes_paragraphs(value, html):
    assert text_to_paragraphs(value) == html
