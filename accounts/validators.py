"""Password rules beyond Django's own: a mix of character classes."""

import string

from django.core.exceptions import ValidationError

CHARACTER_CLASSES = {
    "大写字母": lambda c: c in string.ascii_uppercase,
    "小写字母": lambda c: c in string.ascii_lowercase,
    "数字": lambda c: c in string.digits,
    "特殊字符": lambda c: c not in string.ascii_letters + string.digits,
}


class CharacterClassesValidator:
    """At least `min_classes` of the four classes: upper case, lower case, digits, other characters.

    Any non-ASCII character (e.g. 汉字) counts as an "other" character."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        held = [name for name, test in CHARACTER_CLASSES.items() if any(test(c) for c in password)]
        if len(held) < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字和特殊字符中的至少 %(min_classes)d 类（当前只有 %(held)d 类）。",
                code="password_too_uniform",
                params={"min_classes": self.min_classes, "held": len(held)},
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字和特殊字符中的至少 {self.min_classes} 类。"
