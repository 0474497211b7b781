"""
The labels of the audit trail (操作留痕), registered by each case type: the dotted action's prefix
(`disclosure.publish` → "disclosure") names whose table labels the row, so `project.create` and
`disclosure.create` may read differently (Wagtail's `log_actions` registry). The platform names no case
type: `disclosures` fills its entry when its app is ready (`Workflow.register_audit_labels`).

Register through `core.audit.register_labels`; this module holds only the registry, so that
`core.models` can read it without importing the writer.
"""

from collections.abc import Callable, Mapping

Labels = Mapping[str, str] | Callable[[], Mapping[str, str]]

# prefix -> (verb labels, state labels); either may be a function, read each time (tests patch the tables).
_REGISTRY: dict[str, tuple[Labels, Labels]] = {}

NO_STATUS = "—"


def register(prefix: str, labels: Labels, status_labels: Labels = ()) -> None:
    """`labels` maps the verb after the prefix (`publish`) to its label; `status_labels` a state to its."""
    _REGISTRY[prefix] = (labels, status_labels or {})


def _read(labels: Labels) -> Mapping[str, str]:
    return labels() if callable(labels) else labels


def action_label(action: str) -> str:
    """The row's action as staff read it; the dotted action itself when nobody registered a label."""
    prefix, _, verb = action.partition(".")
    if prefix not in _REGISTRY:
        return action
    return _read(_REGISTRY[prefix][0]).get(verb) or action


def status_label(action: str, status: str) -> str:
    """A state of the row's case type as staff read it, or "—" (no state, or one nobody registered)."""
    prefix = action.partition(".")[0]
    if not status or prefix not in _REGISTRY:
        return NO_STATUS
    return _read(_REGISTRY[prefix][1]).get(status, NO_STATUS)
