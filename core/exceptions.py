"""The one project exception type for workflow and editing errors.

The API maps it to its `status_code` (409 for an illegal step or an edit conflict, 403 for a step
the actor may not take); the admin shows its message as an error.
"""


class WorkflowError(Exception):
    status_code = 409
    code = "workflow_error"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(WorkflowError):
    code = "transition_not_allowed"


class ActionForbidden(WorkflowError):
    status_code = 403
    code = "forbidden"


class EditConflict(WorkflowError):
    code = "edit_conflict"
