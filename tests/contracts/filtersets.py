"""The contract of a domain's FilterSet (NetBox's `BaseFilterSetTests`): every declared filter has its
`test_<name>`, nothing filtered lists everything, each wrong value is an error (never a silently ignored
filter nor an error page) and the form's labels are the Chinese ones the pages show.

A test class inherits `FilterSetContract` and declares `filterset`, `model`, `name_field` (what `names`
returns), `everything()` (the names the unfiltered set holds), `invalid` (parameter sets each invalid)
and `labels` (field → label); its fixtures build the rows before each test.
"""

import pytest


@pytest.mark.django_db
class FilterSetContract:
    filterset: type
    model: type
    name_field = "name"
    invalid: tuple[dict, ...] = ()
    labels: dict[str, str] = {}

    def everything(self) -> set[str]:
        raise NotImplementedError

    def names(self, **params) -> set[str]:
        filterset = self.filterset(params, queryset=self.model.objects.all())
        assert filterset.is_valid(), filterset.errors
        return {getattr(row, self.name_field) for row in filterset.qs}

    def test_missing_filters(self):
        missing = [name for name in self.filterset.base_filters if not hasattr(self, f"test_{name}")]
        assert not missing, f"filters without a test in {type(self).__name__}: {missing}"

    def test_no_filter_lists_all(self):
        assert self.names() == self.everything()

    def test_invalid_values_are_errors(self):
        assert self.invalid, "declare the wrong values this FilterSet refuses"
        for params in self.invalid:
            assert not self.filterset(params, queryset=self.model.objects.all()).is_valid(), params

    def test_labels_are_chinese(self):
        assert self.labels, "declare the labels the pages show"
        form = self.filterset().form
        for field, label in self.labels.items():
            assert form.fields[field].label == label, field
