import factory
from django.contrib.auth import get_user_model

from organizations.choices import JurisdictionLevel
from organizations.models import Department, Jurisdiction, Membership

PASSWORD = "portal-test-2026"


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"测试县{n}")
    code = factory.Sequence(lambda n: f"J{n:04d}")
    level = JurisdictionLevel.COUNTY


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"测试局{n}")
    code = factory.Sequence(lambda n: f"D{n:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.gov.cn")
    is_staff = True
    # Hashed before the user is created: one INSERT (set_password after it cost a second save, and the
    # credentials check on that save), for ~15 users in most tests.
    password = factory.django.Password(PASSWORD)


def member(department: Department, role: str, username: str | None = None):
    """A staff user holding `role` in `department`."""
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(user=user, department=department, role=role)
    return user
