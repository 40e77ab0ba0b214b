"""The demo's calendar, laid out relative to the day ``seed demo`` runs.

The story: a national Rencontre about fourteen months ago, where workshops wrote wishes
down; a month later the vendor answered with a roadmap for the following year; since
then some items shipped on time, one shipped late, one is late and flagged so, the rest
is planned ahead; and the last weeks saw new wishes, comments and a recent delivery.
Every date of the demo comes from here, so no history line predates its wish and no
delivery predates the wish it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.selectors.late import period_end

RENCONTRE_DAYS_AGO = 420
ANSWER_DAYS_AFTER_RENCONTRE = 30
# Wishes filed outside the Rencontre: the oldest a year before it, the newest a few
# weeks ago (their follow-ups — triage, comments — then fall in the last weeks).
FIRST_WISH_DAYS_BEFORE_RENCONTRE = 330
NEWEST_WISH_DAYS_AGO = 24


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def add_quarters(year_quarter: tuple[int, int], count: int) -> tuple[int, int]:
    index = year_quarter[0] * 4 + (year_quarter[1] - 1) + count
    return index // 4, index % 4 + 1


def quarter_label(year_quarter: tuple[int, int]) -> str:
    return f"{year_quarter[0]}-T{year_quarter[1]}"


def quarter_start(year_quarter: tuple[int, int]) -> date:
    return date(year_quarter[0], 3 * (year_quarter[1] - 1) + 1, 1)


@dataclass(frozen=True)
class DemoTimeline:
    today: date

    @classmethod
    def for_today(cls, today: date | None = None) -> DemoTimeline:
        return cls(today=today or datetime.now(UTC).date())

    # -- moments -----------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """Late morning of ``today``: the latest moment the demo shows."""
        return self.at(self.today, 9)

    @property
    def rencontre_start(self) -> date:
        return self.today - timedelta(days=RENCONTRE_DAYS_AGO)

    @property
    def rencontre_end(self) -> date:
        return self.rencontre_start + timedelta(days=1)

    @property
    def answer_day(self) -> date:
        """The vendor's answer to the Rencontre: its roadmap for the following year."""
        return self.rencontre_start + timedelta(days=ANSWER_DAYS_AFTER_RENCONTRE)

    @property
    def year(self) -> int:
        return self.rencontre_start.year

    @staticmethod
    def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=UTC)

    def clamp(self, moment: datetime) -> datetime:
        """Never after ``now``: the demo does not show the future as past."""
        return min(moment, self.now)

    # -- wishes ------------------------------------------------------------------------
    def workshop_wish_created(self, position: int) -> datetime:
        """The ``position``-th wish written at the Rencontre: both days, through the day."""
        day = self.rencontre_start + timedelta(days=position % 2)
        return self.at(day, 10 + (position // 2) % 7, 15 * (position % 4))

    def wish_created(self, position: int, count: int) -> datetime:
        """The ``position``-th of ``count`` wishes filed outside the Rencontre, spread from
        a year before it to a few weeks ago."""
        first = self.rencontre_start - timedelta(days=FIRST_WISH_DAYS_BEFORE_RENCONTRE)
        last = self.today - timedelta(days=NEWEST_WISH_DAYS_AGO)
        span = (last - first).days
        day = first + timedelta(days=span * position // max(count - 1, 1))
        if self.rencontre_start <= day <= self.answer_day:
            # The Rencontre's own wishes fill those days.
            day = self.rencontre_start - timedelta(days=3 + position % 20)
        return self.at(day, 9 + position % 8, 10 * (position % 6))

    def wish_created_before_rencontre(self, position: int, count: int) -> datetime:
        """Wishes the vendor's answer covers, filed during the year before the Rencontre."""
        first = self.rencontre_start - timedelta(days=FIRST_WISH_DAYS_BEFORE_RENCONTRE)
        span = FIRST_WISH_DAYS_BEFORE_RENCONTRE - 7
        day = first + timedelta(days=span * position // max(count - 1, 1))
        return self.at(day, 9 + position % 8, 10 * (position % 6))

    # -- roadmap -----------------------------------------------------------------------
    @property
    def answer_quarter(self) -> tuple[int, int]:
        return quarter_of(self.answer_day)

    @property
    def current_quarter(self) -> tuple[int, int]:
        return quarter_of(self.today)

    def target_after_answer(self, quarters: int) -> str:
        return quarter_label(add_quarters(self.answer_quarter, quarters))

    def target_from_now(self, quarters: int) -> str:
        return quarter_label(add_quarters(self.current_quarter, quarters))

    def next_year(self) -> str:
        return str(self.today.year + 1)

    def shipped_on_time(self, target: str, days_before_end: int = 20) -> date:
        end = period_end(target)
        assert end is not None
        return min(end - timedelta(days=days_before_end), self.today - timedelta(days=1))

    def shipped_late(self, target: str, days_after_end: int = 45) -> date:
        end = period_end(target)
        assert end is not None
        return min(end + timedelta(days=days_after_end), self.today - timedelta(days=1))

    @property
    def recent_delivery(self) -> date:
        return self.today - timedelta(days=12)

    @property
    def old_notifications_before(self) -> datetime:
        """Notifications older than this are shown as read: a fresh demo account starts
        with the last weeks' news only."""
        return self.now - timedelta(days=21)
