from organizations.choices import Role
from organizations.models import Membership
from organizations.selectors import departments_for_user, user_scope
from organizations.tests.factories import DepartmentFactory, UserFactory


def test_office_oversees_its_jurisdiction_and_everything_below(org):
    scope = user_scope(org.office)
    assert scope.oversees(org.department.pk)
    assert scope.oversees(org.other_department.pk)
    assert scope.oversees(org.town_department.pk), "the town is below the county"


def test_office_of_a_town_does_not_oversee_the_county(org):
    town_office = UserFactory()
    Membership.objects.create(user=town_office, department=org.town_department, role=Role.OFFICE)
    scope = user_scope(town_office)
    assert scope.oversees(org.town_department.pk)
    assert not scope.oversees(org.department.pk)


def test_clerk_sees_only_their_department(org):
    assert set(departments_for_user(org.clerk)) == {org.department}
    scope = user_scope(org.clerk)
    assert scope.has_role(org.department.pk, Role.CLERK)
    assert not scope.has_role(org.department.pk, Role.REVIEWER)
    assert not scope.oversees(org.other_department.pk)


def test_user_without_roles_has_empty_scope(db):
    outsider = UserFactory()
    DepartmentFactory()
    scope = user_scope(outsider)
    assert not scope.is_staff_member
    assert list(departments_for_user(outsider)) == []


def test_jurisdiction_cannot_be_its_own_ancestor(org):
    import pytest
    from django.core.exceptions import ValidationError

    org.county.parent = org.town
    with pytest.raises(ValidationError) as excinfo:
        org.county.full_clean()
    assert "parent" in excinfo.value.message_dict
