"""Figures of the dashboard and the roadmap presentation: aggregate queries only.

Definitions (also shown on the page):
- **scope**: the vendor and admins see the whole network; a club member sees the wishes
  filed or supported by a territory of their club (``User.club_id``), a referent those of
  their territory, and the roadmap items linked to those wishes. Anyone may ask for the
  whole network instead.
- **delivered**: a wish whose every linked roadmap item is shipped; its delivery date is
  the latest ``shipped_on`` of those items.
- **time to delivery**: from the wish's filing to its delivery, so never negative; a wish
  filed after that delivery asked for something already there and counts apart as
  "already available".
- **first answer**: the earliest of the wish's first triage status change, its first link
  to a roadmap item, and the first official answer of the vendor (an official comment).
- **gap list**: the most supported wishes (territories, then supporters) linked to no
  roadmap item and neither declined nor duplicate.
- **roadmap progress** per target period: shipped items / items (cancelled ones left
  out), and wishes answered: linked wishes that a shipped item of the period delivers.
"""

from app.selectors.dashboard.figures import DashboardFigures, dashboard_figures
from app.selectors.dashboard.monthly import (
    MONTHS,
    MonthlySeries,
    MonthPoint,
    month_window,
    monthly_series,
    months_between,
)
from app.selectors.dashboard.roadmap import (
    PeriodProgress,
    PresentedItem,
    PresentedPeriod,
    presentation,
    roadmap_progress,
)
from app.selectors.dashboard.scope import in_scope, scope_for
from app.selectors.dashboard.timing import ANSWER_KINDS, Timing, timing
from app.selectors.dashboard.wishes import GAP_LIMIT, gap_list, wishes_by_category, wishes_by_status

__all__ = [
    "ANSWER_KINDS",
    "GAP_LIMIT",
    "MONTHS",
    "DashboardFigures",
    "MonthPoint",
    "MonthlySeries",
    "PeriodProgress",
    "PresentedItem",
    "PresentedPeriod",
    "Timing",
    "dashboard_figures",
    "gap_list",
    "in_scope",
    "month_window",
    "monthly_series",
    "months_between",
    "presentation",
    "roadmap_progress",
    "scope_for",
    "timing",
    "wishes_by_category",
    "wishes_by_status",
]
