"""Small phrases the rules share, built from the display formatters (never formatting anew)."""

from __future__ import annotations

from datetime import date

from ..display import EXEMPTION_NAMES, Day, series
from ..facts import Deadline
from ..model import Deal


def long_day(day: date) -> str:
    """Thursday, January 17, 2019."""
    return Day(day).long


def holiday_notes(days) -> str:
    """'Monday, January 21, 2019 is Martin Luther King Jr. Day' for each closed day."""
    return "; ".join(f"{long_day(day.day)} is {day.reason}" for day in days)


def unverified_closure_note(deadline: Deadline, what: str) -> str:
    """The caveat for a deadline that an executive-order closure moved, or ''."""
    if deadline.due_if_open is None:
        return ""
    days = series([long_day(day) for day in deadline.unverified_closures])
    earlier = long_day(deadline.due_if_open)
    return (f". This date assumes the SEC is closed on {days} by executive order, which we have "
            f"not confirmed for the SEC; if it is open, the {what} is due {earlier}, so filing by "
            f"{earlier} is timely either way")


def agreement_name(deal: Deal) -> str:
    """'the Securities Purchase Agreement', or the note when there is no separate agreement."""
    if deal.agreement is not None:
        return f"the {deal.agreement.title}"
    return f"the {deal.notes[0].title}"


def sentence(text: str) -> str:
    """The text with its first letter in capitals, the rest untouched (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def exemptions(deal: Deal) -> str:
    """Section 4(a)(2) and Rule 506(b)."""
    return series([EXEMPTION_NAMES[str(exemption)] for exemption in deal.offering.exemptions])


def form_8k_due_sentence(deadline: Deadline, closure_reason) -> str:
    """Why the 8-K is due when it is. `closure_reason` is the calendar's (day -> reason or None)."""
    event = deadline.start
    message = (f"Form 8-K is due {long_day(deadline.due)}: the 4th business day after the event "
               f"on {long_day(event)}")
    reason = closure_reason(event)
    if reason is not None:
        message += (f", a day the SEC is closed ({reason}), so the count starts with the next "
                    "business day")
    skipped = [day for day in deadline.holidays if day.day != event]
    if skipped:
        them = "them" if len(skipped) > 1 else "it"
        message += f"; {holiday_notes(skipped)}, so the count skips {them}"
    return message + unverified_closure_note(deadline, "8-K")


def form_d_due_sentence(deadline: Deadline) -> str:
    """Why the Form D is due when it is."""
    message = (f"Form D is due {long_day(deadline.due)}: 15 calendar days after the first sale on "
               f"{long_day(deadline.start)}")
    if deadline.rolled:
        message += f" is {long_day(deadline.counted_to)}, when the SEC is closed"
        if deadline.holidays:
            message += f" ({holiday_notes(deadline.holidays)})"
        message += ", so the due date is the next business day"
    return message + unverified_closure_note(deadline, "Form D")
