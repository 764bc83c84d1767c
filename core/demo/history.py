"""Demo histories: the meetings, calls, promises and follow-ups of a share of the demo people.

``HistoryWriter`` is the part of the demo book writer (``core.demo.generate``)
that tells what happened after the first meeting, in step with each person's
stage moves, and fills the user's days: meetings at the fair on now and the
next one, and the follow-ups and promises every demo book shows as due.
"""

from __future__ import annotations

import heapq
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.book.activity import (add_commitments, complete_commitments, complete_follow_ups, log_interactions,
                                schedule_follow_ups)
from core.book.events import add_meeting
from core.book.settings import HOME_TIME_ZONE, get_setting
from core.demo.data import (AGENDAS, EU, FILLERS, FILLER_KINDS, FIRST_AT_FAIR, FIRST_CULTURES,
                            FIRST_ELSEWHERE, FOLLOW_UP_REASONS, MONTHS, OUR_PROMISES, PAYMENT_TERMS,
                            PORTS, STAGE_BEATS, THEIR_PROMISES, UNIT_SINGULAR, WEEKDAYS, Company,
                            Edition, Person)
from core.demo.people import draw_note_words

# How likely a contact of each stage is to get a detailed history.
_DETAIL_WEIGHT = {"met": 0.6, "rapport": 1.0, "trial_order": 2.5, "partner": 4.0, "dormant": 1.0,
                  "lost": 0.8}


def at_hour(day: date, hour: float, zone: str) -> datetime:
    """*day* at *hour* (9.5 is 09:30) in *zone*, as an aware datetime."""
    minutes = round(hour * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), ZoneInfo(zone))


class HistoryWriter:
    """Histories and the user's days; mixed into the book writer, whose state (``rng``, ``now``,
    ``people``, ``current`` fair, ``counts``, ``run``) it uses.

    What a batch of people did waits in ``history`` until ``write_history``
    writes it: each kind of entry with one bulk call (core.book.activity).
    """

    def start_history(self) -> None:
        # Interactions, promises (with when each was kept, or None), follow-ups (with when each was done).
        self.history = {"interactions": [], "promises": [], "follow_ups": []}

    def write_history(self) -> None:
        """Write the entries drawn since the last call."""
        history = self.history
        log_interactions(self.db, history["interactions"])
        promise_ids = add_commitments(self.db, [entry for entry, _kept in history["promises"]])
        complete_commitments(self.db, [(promise_id, kept) for promise_id, (_entry, kept)
                                       in zip(promise_ids, history["promises"]) if kept])
        follow_up_ids = schedule_follow_ups(self.db, [entry for entry, _done in history["follow_ups"]])
        # Done "now": when the generator runs, as a user ticking it off would.
        complete_follow_ups(self.db, [(follow_up_id, None) for follow_up_id, (_entry, done)
                                      in zip(follow_up_ids, history["follow_ups"]) if done])
        self.start_history()

    # Stories --------------------------------------------------------------------------

    def draw_story_words(self, company: Company, culture: str) -> dict:
        """Values for the history templates, drawn fresh for each use."""
        rng = self.rng
        _noun, unit, low, high, moq_low, moq_high = company.product
        low, high, moq_low, moq_high = float(low), float(high), int(moq_low), int(moq_high)
        price = rng.uniform(low, high)
        moq = int(rng.uniform(moq_low, moq_high)) // 10 * 10 or moq_low
        country = company.country
        port = PORTS.get(country)
        incoterms = [f"DAP {company.city}", f"DDP {company.city}", "EXW"]
        if port:
            incoterms += [f"CIF {port}", f"CFR {port}"]
        decimals = 2 if high < 100 else 0
        return {
            **draw_note_words(self.rng, company, culture), "item": company.item,
            "unit": unit, "unit_one": UNIT_SINGULAR.get(unit, unit),
            "moq": f"{moq:,}", "qty": f"{moq * rng.randint(4, 20):,}", "qty_small": f"{moq:,}",
            "lead": rng.choice((3, 4, 5, 6, 8)), "lead_long": rng.choice((10, 12, 14)),
            "currency": "EUR" if country in EU else "USD",
            "price": f"{price:,.{decimals}f}",
            "target": f"{price * rng.uniform(0.82, 0.94):,.{decimals}f}",
            "incoterm": rng.choice(incoterms), "payment": rng.choice(PAYMENT_TERMS[:3]),
            "payment_alt": rng.choice(PAYMENT_TERMS[3:]), "pct": rng.choice((5, 8, 10, 12, 15)),
            "month": MONTHS[(self.today.month + rng.randint(0, 3)) % 12],
        }

    def add_histories(self, size: int, total: int) -> list[Person]:
        """Give *size* people (the first ones among them) meetings, calls, promises and follow-ups."""
        rng = self.rng
        count = len(self.people)
        first = self.people[:len(FIRST_CULTURES)]
        rest = self.people[len(first):]
        picked = heapq.nlargest(max(0, size - len(first)), rest,
                                key=lambda p: rng.random() * _DETAIL_WEIGHT[p.stage])
        chosen = first + sorted(picked, key=lambda p: p.index)
        self.start_history()

        def write_batch(start: int, end: int) -> None:
            for person in chosen[start:end]:
                self.add_history(person)
            self.write_history()

        self.write_in_chunks(len(chosen), write_batch, count, total)
        return chosen

    def add_history(self, person: Person) -> None:
        """The first meeting, what followed (in step with the stage moves), promises, follow-ups."""
        rng = self.rng
        words = dict(self.draw_story_words(person.company, person.culture), given=person.given)
        if person.edition:
            words.update(booth=person.booth, event=person.edition.name)
            summary = rng.choice(FIRST_AT_FAIR)
            place = f"{person.edition.name}, {person.booth}"
        else:
            summary, place = rng.choice(FIRST_ELSEWHERE), None
        self.add_interaction(person, "meeting", summary, words, person.met_at, place)

        beats = []
        for stage, when in person.stage_moves:
            kind, text = rng.choice(STAGE_BEATS[stage])
            beats.append((when, kind, text))
        # Quiet contacts went quiet months ago; the others have news from recent weeks.
        last = max([person.met_at] + [b[0] for b in beats])
        end = last if person.stage in ("dormant", "lost") else self.now - timedelta(hours=2)
        fillers = {"met": 1, "rapport": 2, "trial_order": 3, "partner": 4, "dormant": 1, "lost": 1}
        kinds, kind_weights = zip(*FILLER_KINDS)
        for _ in range(rng.randint(0, fillers[person.stage])):
            if end <= person.met_at:
                break
            when = person.met_at + (end - person.met_at) * rng.uniform(0.05, 1.0)
            kind = rng.choices(kinds, kind_weights)[0]
            beats.append((when, kind, rng.choice(FILLERS[kind])))
        for when, kind, text in sorted(beats, key=lambda b: b[0]):
            place = None
            if kind == "meeting":
                place = "Video call" if "Video call" in text else person.city
            self.add_interaction(person, kind, text, words, when, place)

        for _ in range(rng.randint(0 if person.stage == "met" else 1, 3)):
            self.add_promise(person, words, rng.choice(("us", "them")))
        self.plan_follow_ups(person, words)

    def add_interaction(self, person: Person, kind: str, text: str, words: dict, when: datetime,
            place: str | None) -> None:
        self.history["interactions"].append(
            {"contact_id": person.id, "kind": kind, "summary": text.format(**words),
             "occurred_at": min(when, self.now).replace(microsecond=0), "place": place, "time_zone": person.zone})
        self.counts["interactions"] += 1

    def add_promise(self, person: Person, words: dict, owed_by: str, *,
                    due: date | None = None, done: bool | None = None) -> None:
        """One promise, made some time after meeting; kept on time, late, or still open."""
        rng = self.rng
        if due is None:
            known_for = max(0, (self.today - person.met_at.date()).days)
            made = person.met_at.date() + timedelta(days=rng.randint(0, known_for))
            due = made + timedelta(days=rng.randint(2, 14))
            if due.weekday() > 4:   # promises fall due on working days: the Friday before
                due -= timedelta(days=due.weekday() - 4)
        else:
            made = due - timedelta(days=rng.randint(3, 6))
        text = rng.choice(OUR_PROMISES if owed_by == "us" else THEIR_PROMISES).format(**words)
        if (due - made).days <= 6:
            text += f" by {WEEKDAYS[due.weekday()]}"
        owner = None
        if owed_by == "us":
            owner = rng.choice((None, "Sales support", "Quality team", "Logistics"))
        entry = {"contact_id": person.id, "description": text, "owed_by": owed_by, "due_on": due, "owner": owner}
        self.counts["commitments"] += 1
        if done is None:
            done = rng.random() < (0.75 if due < self.today else 0.15)
        kept = None
        if done:
            if rng.random() < 0.25:   # kept, but late
                day = due + timedelta(days=rng.randint(1, 5))
            else:
                day = due - timedelta(days=rng.randint(0, 2))
            kept = min(at_hour(day, rng.uniform(9, 18), person.zone), self.now - timedelta(minutes=5))
        self.history["promises"].append((entry, kept))

    def plan_follow_ups(self, person: Person, words: dict) -> None:
        """Follow-ups that fit the stage: done ones, overdue ones and ones still ahead."""
        rng = self.rng
        if person.stage == "met" and (self.now - person.met_at) < timedelta(days=10):
            # The usual 24–48 h after a first meeting.
            due = person.met_at + timedelta(hours=rng.choice((24, 36, 48)))
            self.add_follow_up(person, due, "Follow up after first meeting")
            return
        if person.stage in ("lost",):
            return
        roll = rng.random()
        if roll < 0.3:
            due = self.now - timedelta(days=rng.randint(20, 90))
            self.add_follow_up(person, due, rng.choice(FOLLOW_UP_REASONS).format(**words), done=True)
        elif roll < 0.85:
            due = self.now + timedelta(hours=rng.randint(-10 * 24, 21 * 24))
            self.add_follow_up(person, due, rng.choice(FOLLOW_UP_REASONS).format(**words))

    def add_follow_up(self, person: Person, due: datetime, reason: str, done: bool = False) -> None:
        self.counts["follow_ups"] += 1
        self.history["follow_ups"].append(({"contact_id": person.id, "due_at": due.replace(microsecond=0),
                                            "reason": reason, "time_zone": person.zone}, done))

    # The user's days -------------------------------------------------------------------

    def add_meetings(self, chosen: list[Person]) -> None:
        """Meetings at the fair on now (yesterday, today, the next two days), the next fair, and calls."""
        rng = self.rng
        active = [p for p in chosen if p.stage not in ("lost", "dormant")]
        if len(active) < 6:
            active = chosen
        fair = self.current
        zone = fair.fair.zone
        local_today = self.now.astimezone(ZoneInfo(zone)).date()
        hours = (9, 10, 11.5, 13, 14, 15.5, 16.5, 19.5)
        plan = [(-1, 3), (0, rng.randint(4, 6)), (1, rng.randint(3, 5)), (2, 2)]
        for offset, count in plan:
            day = local_today + timedelta(days=offset)
            people = self.pick_some(active, count)
            for hour, person in zip(sorted(rng.sample(hours, len(people))), people):
                self.add_fair_meeting(person, at_hour(day, hour, zone), fair, dinner=hour > 19)
        upcoming = self.upcoming
        for person in self.pick_some(active, 4):
            day = upcoming.starts + timedelta(days=rng.randint(0, 1))
            starts = at_hour(day, rng.choice(hours[:-1]), upcoming.fair.zone)
            self.add_fair_meeting(person, starts, upcoming)
        for person in self.pick_some(active, 2):
            day = self.today + timedelta(days=rng.randint(5, 12))
            starts = at_hour(day, rng.choice((9, 10, 14, 15)), person.zone)
            self.add_planned_meeting(person, starts, None, "Video call (Microsoft Teams)", 45)

    def pick_some(self, people: list[Person], count: int) -> list[Person]:
        """*count* different people (fewer if there are not that many)."""
        return self.rng.sample(people, min(count, len(people)))

    def add_fair_meeting(self, person: Person, starts: datetime, edition: Edition,
                         dinner: bool = False) -> None:
        """A meeting at a fair: at their booth when we met there, else at our stand or nearby."""
        rng = self.rng
        if dinner:
            place, minutes = "Dinner at the hotel restaurant", 120
        elif person.edition is edition and person.booth:
            hall, stand = person.booth.rsplit(", ", 1)
            place, minutes = f"Booth {stand}, {hall}", 30
        else:
            hall = rng.choice(edition.fair.halls)
            place = rng.choice((f"Our stand, {hall}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}",
                                "Hotel lobby", "Business lounge", "Coffee bar at the north entrance"))
            minutes = rng.choice((30, 45, 60))
        self.add_planned_meeting(person, starts, edition, place, minutes)

    def add_planned_meeting(self, person: Person, starts: datetime, edition: Edition | None,
                            place: str, minutes: int) -> None:
        words = self.draw_story_words(person.company, person.culture)
        add_meeting(self.db, person.id, starts_at=starts, event_id=edition.id if edition else None,
                    time_zone=None if edition else person.zone, place=place,
                    agenda=self.rng.choice(AGENDAS).format(**words), duration_minutes=minutes)
        self.counts["meetings"] += 1

    def add_guaranteed_items(self, chosen: list[Person]) -> None:
        """What every demo book shows: overdue and due-today follow-ups, overdue promises each way."""
        rng = self.rng
        active = [p for p in chosen if p.stage != "lost"] or chosen
        late, soon, ours, theirs = (self.pick_some(active, 4) * 4)[:4]
        self.add_follow_up(late, self.now - timedelta(days=2, hours=rng.randint(0, 20)),
                       "Send the revised quotation promised at the booth")
        # Due later today at home (the Today view's day), but never in the past.
        home = ZoneInfo(get_setting(self.db, HOME_TIME_ZONE.key))
        local_now = self.now.astimezone(home)
        end_of_day = datetime.combine(local_now.date() + timedelta(days=1), time(), home)
        seconds = max(1, min(2 * 3600, int((end_of_day - local_now).total_seconds()) // 2))
        words = self.draw_story_words(soon.company, soon.culture)
        self.add_follow_up(soon, self.now + timedelta(seconds=seconds),
                       rng.choice(FOLLOW_UP_REASONS).format(**words))
        overdue = self.today - timedelta(days=3)
        for person, owed_by in ((ours, "us"), (theirs, "them")):
            words = self.draw_story_words(person.company, person.culture)
            self.add_promise(person, words, owed_by, due=overdue, done=False)
