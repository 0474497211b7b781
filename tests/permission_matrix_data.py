"""
The permission matrix as data: the same table as docs/permissions.md (a test parses the document and
compares it with MATRIX, so the two cannot drift).

Columns are a role × the scope of the thing acted on, then two columns without a role:

- a role of the county (测试县): the department's 经办人 / 部门负责人 / 分管领导, or the 政务公开办;
- the scope of the record, subject or department acted on, seen from that user's department:
  `own` (their own department — for the 政务公开办, the 县政府办公室 itself), `dept` (another department of
  the same county), `lower` (a department of a town below the county), `outer` (a department of
  another county);
- `no_role`: a signed-in account (is_staff) that holds no role anywhere; `anonymous`: not signed in.

Cells: ✓ allowed · ✗ refused (the thing is visible, or public reference data, but the step is
refused: 403, or 400 for a department the user may not choose, 401 / the login page when anonymous)
· 404 not visible (absent from lists and exports, 404 from the API, the admin answers as for a
missing object) — never its content.
"""

OK, REFUSED, HIDDEN = "✓", "✗", "404"

ROLES = {"clerk": "经办人", "reviewer": "部门负责人", "signer": "分管领导", "office": "政务公开办"}
SCOPES = {"own": "本单位", "dept": "本级他单位", "lower": "下级区划", "outer": "其他区划"}
COLUMNS = tuple(f"{role}:{scope}" for role in ROLES for scope in SCOPES) + ("no_role", "anonymous")
COLUMN_LABELS = {f"{role}:{scope}": f"{ROLES[role]}·{SCOPES[scope]}" for role in ROLES for scope in SCOPES} | {
    "no_role": "无角色账号",
    "anonymous": "匿名",
}

# One row per action: clerk | reviewer | signer | office (own dept lower outer each) | no_role anonymous.
MATRIX = {
    # --- records (the one publication table) ------------------------------------------------
    "record.view":             "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 404",
    "record.view_published":   "✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓",
    "record.create":           "✓ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✗ | ✗ ✗",
    "record.edit":             "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.attach":           "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.submit":           "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.recall":           "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.review":           "✗ 404 404 404 | ✓ 404 404 404 | ✗ 404 404 404 | ✗ ✗ ✗ 404 | 404 ✗",
    "record.reject_submitted": "✗ 404 404 404 | ✓ 404 404 404 | ✗ 404 404 404 | ✗ ✗ ✗ 404 | 404 ✗",
    "record.sign":             "✗ 404 404 404 | ✗ 404 404 404 | ✓ 404 404 404 | ✗ ✗ ✗ 404 | 404 ✗",
    "record.reject_reviewed":  "✗ 404 404 404 | ✗ 404 404 404 | ✓ 404 404 404 | ✗ ✗ ✗ 404 | 404 ✗",
    "record.publish":          "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.withdraw":         "✗ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.correct":          "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.pii_scan":         "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.pii_mask":         "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.pii_override":     "✗ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "record.delete":           "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗",
    "record.audit_log":        "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 404",
    # --- name lists (公示名单 of a draft record) ---------------------------------------------
    "namelist.view":           "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 404",
    "namelist.edit":           "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    # --- subjects: projects, resource matters, welfare programmes ---------------------------
    "subject.view":            "✓ ✓ ✓ 404 | ✓ ✓ ✓ 404 | ✓ ✓ ✓ 404 | ✓ ✓ ✓ 404 | 404 404",
    "subject.create":          "✓ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✗ | ✗ ✗",
    "subject.manage":          "✓ ✗ ✗ 404 | ✗ ✗ ✗ 404 | ✗ ✗ ✗ 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "subject.add_record":      "✓ ✓ ✓ 404 | ✗ ✗ ✗ 404 | ✗ ✗ ✗ 404 | ✓ ✓ ✓ 404 | 404 ✗",
    "subject.audit_log":       "404 404 404 404 | 404 404 404 404 | 404 404 404 404 | ✓ ✓ ✓ 404 | 404 404",
    # --- 黑名单 -----------------------------------------------------------------------------
    "blacklist.view":          "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | 404 404",
    "blacklist.create":        "✓ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✗ | ✗ ✗",
    "blacklist.manage":        "✓ 404 404 404 | ✗ 404 404 404 | ✗ 404 404 404 | ✓ ✓ ✓ 404 | 404 ✗",
    # --- accounts -------------------------------------------------------------------------------
    "account.login_log":       "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ 404 | ✗ ✗",
    # --- the office's reference data ---------------------------------------------------------
    "catalogue.manage":        "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✓ | ✗ ✗",
    "calendar.manage":         "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✓ | ✗ ✗",
    "synonym.manage":          "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ ✓ | ✗ ✗",
    "organization.manage":     "✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✗ ✗ ✗ ✗ | ✓ ✓ ✓ 404 | ✗ ✗",
    "reference.read":          "✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓ ✓ ✓ | ✓ ✓",
    # --- the overdue dashboard and the public exports ------------------------------------------
    "dashboard.view":          "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | ✗ ✗",
    "dashboard.export":        "✓ 404 404 404 | ✓ 404 404 404 | ✓ 404 404 404 | ✓ ✓ ✓ 404 | ✗ ✗",
    "public.export":           "404 404 404 404 | 404 404 404 404 | 404 404 404 404 | 404 404 404 404 | 404 404",
}  # fmt: skip

# Cells where the code does not yet do what the table says, as (action, column, door) — door None for
# every door of the cell. Their tests run and are expected to fail (xfail strict), so they turn red —
# to be removed from here — the day the bug is fixed.
KNOWN_BUGS: dict = {
    # (action, column, door name or None): "bug: …" — a cell that is wrong today, run as xfail(strict=True)
}


def cells(action: str) -> dict[str, str]:
    """The row of `action` as {column: cell}."""
    values = MATRIX[action].replace("|", " ").split()
    if len(values) != len(COLUMNS):
        raise ValueError(f"{action}: {len(values)} cells for {len(COLUMNS)} columns")
    return dict(zip(COLUMNS, values, strict=True))
