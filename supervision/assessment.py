"""考核: a per-department score for a period from weighted indicators (settings PORTAL_ASSESSMENT_WEIGHTS, points
out of 100), computed from the same figures as the 通报 (supervision.figures) and frozen in a snapshot, so that
later corrections do not rewrite a closed period (seeds 001 §五 年度考核, 002 §六(三), 004 §三).

Indicators, each worth its weight in points:
- on_time_rate: 按时公开率 × weight (full marks when nothing was published in the period);
- overdue_at_end: full marks with no record overdue at the period's end, PORTAL_ASSESSMENT_PENALTY points less
  for each, never below 0;
- notices_on_time: the share of the period's 督办单 answered on time × weight (full marks with no notice);
- unanswered: full marks when every notice was answered, else 0;
- overdue_requests: like overdue_at_end, for requests answered late or still open past their due date."""

from django.conf import settings

from .figures import Figures

INDICATORS = {
    "on_time_rate": "按时公开率",
    "overdue_at_end": "期末逾期未公开",
    "notices_on_time": "督办单按时答复",
    "unanswered": "督办单未答复",
    "overdue_requests": "依申请公开逾期",
}


def _less(weight: float, count: int) -> float:
    return max(0.0, weight - settings.PORTAL_ASSESSMENT_PENALTY * count)


def indicator_points(row: Figures, weights: dict[str, float]) -> dict[str, float]:
    points = {
        "on_time_rate": weights["on_time_rate"] * (row.rate / 100 if row.rate is not None else 1),
        "overdue_at_end": _less(weights["overdue_at_end"], row.overdue_at_end),
        "notices_on_time": weights["notices_on_time"] * (row.answered_on_time / row.notices if row.notices else 1),
        "unanswered": weights["unanswered"] if not row.unanswered else 0.0,
        "overdue_requests": _less(weights["overdue_requests"], row.overdue_requests),
    }
    return {key: round(value, 1) for key, value in points.items()}


def scored_rows(rows: list[Figures], weights: dict[str, float]) -> list[dict]:
    """Each department's figures, points per indicator and total, ranked (ties share a rank)."""
    scored = []
    for row in rows:
        points = indicator_points(row, weights)
        scored.append(row.as_dict() | {"points": points, "score": round(sum(points.values()), 1)})
    scored.sort(key=lambda item: (-item["score"], item["department"]))
    rank, previous = 0, None
    for position, item in enumerate(scored, start=1):
        if item["score"] != previous:
            rank, previous = position, item["score"]
        item["rank"] = rank
    return scored
