"""Kernel FilterSet base classes shared by the public lists."""

import django_filters


class FixedFormFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is built once per class, not on every instance.

    django-filter builds a new form class (a field per filter, then a deep copy of them all) for every
    FilterSet it makes: ~0.5 ms of each public list request (issue 24, part 1). A filterset whose filters
    are the same for every request (no filter changed in `__init__`, no queryset per user) may share the
    class; each form still deep-copies the class's fields, so no instance sees another's state."""

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_fixed_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._fixed_form_class = form_class
        return form_class
