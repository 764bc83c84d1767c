"""Sample data for trying Fairmate and for screenshots: an international contact book.

``generate_demo_data`` fills a database with people from two dozen countries,
named in their own script with the usual romanization, the companies they
work for, the trade fairs where they were met and, for a subset, a believable
history of meetings, calls, promises and follow-ups. Every write goes through
the repository functions, so the change log and the search index are exactly
as if a user had typed it all. The same seed and ``now`` always give the same
book (only ids and clock stamps differ).

The data it draws from is ``core.demo.data`` (read from ``resources/demo/``);
a person's particulars are drawn in ``core.demo.people``; this module writes
the book: fairs and their editions, companies, people; ``core.demo.history``
their histories and the user's meetings. People are written a batch at a time
through ``add_contacts``, the path an import takes.
"""

from __future__ import annotations

import itertools
import random
import time as clock
from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from core.book.activity import change_stages
from core.book.contacts import add_companies, add_contacts
from core.book.events import add_event
from core.book.fields import list_fields
from core.demo.data import (AHEAD_DAYS, ANY_ORGANIZATION, CITY_NATIVE, COMPANY_STYLES, CONSENT_AT_FAIR,
                            CONSENT_ELSEWHERE, CULTURE, CULTURES, CURRENT_FAIRS, EU, FAIRS,
                            FIRST_CULTURES, FIRST_FAMILY, JOB_TITLES, MODEL_SECTORS, ORGANIZATIONS,
                            PAST_DAYS, PRODUCTS, SECTOR_LABELS, STAFF_MIX, Company, Edition, Fair,
                            Person)
from core.demo.history import HistoryWriter, at_hour
from core.demo.people import (ascii_words, form_of_address, make_emails, make_name, make_notes,
                              make_phones, make_tags, pick_languages, variant)
from core.i18n import N_
from core.store.chunked_runs import ChunkedRun
from core.store.ids import new_id, to_utc_text
from core.store.records import logging_in_bulk


# Helpers ----------------------------------------------------------------------------

def _weighted(pairs):
    """Split (value, weight) pairs into values and cumulative weights for ``rng.choices``."""
    values, total, cumulative = [], 0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    return values, cumulative


def _days_apart(day: date, month_day: tuple[int, int]) -> int:
    """Days between *day* and the nearest (month, day) anniversary, either way."""
    years = (day.year - 1, day.year, day.year + 1)
    return min(abs((date(year, *month_day) - day).days) for year in years)


# The book ---------------------------------------------------------------------------


_STAGE_PATHS = {"met": (), "rapport": ("rapport",), "trial_order": ("rapport", "trial_order"),
                "partner": ("rapport", "trial_order", "partner"), "dormant": ("rapport", "dormant"),
                "lost": ("rapport", "lost")}
# Share of each stage by how long ago the contact was met (days): most people stay met or rapport.
_STAGES_BY_AGE = tuple((limit, tuple(zip(*shares))) for limit, shares in (
    (3, (("met", 85), ("rapport", 15))),
    (30, (("met", 60), ("rapport", 35), ("lost", 5))),
    (120, (("met", 42), ("rapport", 35), ("trial_order", 10), ("dormant", 5), ("lost", 8))),
    (None, (("met", 32), ("rapport", 30), ("trial_order", 14), ("partner", 9), ("dormant", 10),
            ("lost", 5))),
))
_DETAIL_SHARE = 0.15
_DETAIL_CAP = 5000
# People drawn and written at a time. A transaction (a chunk of the run) takes batches until it has
# written for ``_WRITE_S``, then commits and pauses for ``_PAUSE_S``, so another window's write waits a
# fraction of a second, not the whole book (1000 people held it 3–10 s). Committed every 50 people,
# the commits alone were 16 s of 100,000 contacts (each rewrites the same index pages); a pause after
# every transaction of 50 cost 20 s.
_BATCH = 50
_NORMALIZED = frozenset(field.name for field in list_fields())
_WRITE_S = 0.25
_PAUSE_S = 0.01


class _BookWriter(HistoryWriter):
    """Writes one demo book; keeps the generator, counters and what it has written so far."""

    BATCH = _BATCH

    def __init__(self, db, run: ChunkedRun, rng: random.Random, now: datetime, progress) -> None:
        self.db = db
        self.run = run
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.progress = progress
        self.reported = -1
        # Drawn but not yet written (person, fields): a batch is written through add_contacts.
        self.pending: list[tuple[Person, dict]] = []
        self.pending_companies: list[dict] = []
        self.counts = dict.fromkeys(("contacts", "companies", "events", "meetings", "interactions",
                                     "commitments", "follow_ups", "stage_changes"), 0)
        self.people: list[Person] = []
        self.by_country: dict[str, list[Person]] = {}
        self.open_company: dict[str, Company] = {}
        self.company_names: set[str] = set()
        self.domains: set[str] = set()
        self.editions: list[Edition] = []
        self.past_editions: list[Edition] = []
        self.editions_by_sector: dict[str, list[Edition]] = {}
        self.current: Edition | None = None
        self.upcoming: Edition | None = None
        self.cultures, self.culture_weights = _weighted((c.country, c.weight) for c in CULTURES)
        self.titles, self.title_weights = _weighted(JOB_TITLES)

    # Events ------------------------------------------------------------------------

    def add_events(self) -> None:
        """Editions of every fair over the last two years and the next months, one of them on now."""
        current = self.pick_current_fair()
        for fair in FAIRS:
            local_today = self.now.astimezone(ZoneInfo(fair.zone)).date()
            if fair is current:
                # On right now, opened a day or two ago, so people were met here before today.
                starts = local_today - timedelta(days=self.rng.randint(1, 2))
                label = min(fair.season, key=lambda s: _days_apart(local_today, s[:2]))[2]
                self.current = self.add_edition(fair, starts, label, max(fair.days, 5))
            for year in range(local_today.year - 2, local_today.year + 2):
                if (year - fair.first_year) % fair.cycle:
                    continue
                for month, day, label in fair.season:
                    starts = date(year, month, day)
                    if not -PAST_DAYS <= (starts - local_today).days <= AHEAD_DAYS:
                        continue
                    if fair is current and abs((starts - self.current.starts).days) < 180:
                        continue   # this season's edition is the one on now
                    self.add_edition(fair, starts, label, fair.days)
        self.editions.sort(key=lambda e: e.starts)
        self.past_editions = [e for e in self.editions if e.starts < self.today or e is self.current]
        # The next fair the user can travel to once this one is over.
        later = [e for e in self.editions if e.starts > self.current.ends + timedelta(days=2)]
        self.upcoming = later[0] if later else self.current

    def pick_current_fair(self) -> Fair:
        """One of the two big fairs whose usual season is nearest to today."""
        big = [f for f in FAIRS if f.name in CURRENT_FAIRS]
        nearest = sorted(big, key=lambda f: min(_days_apart(self.today, s[:2]) for s in f.season))
        return self.rng.choice(nearest[:2])

    def add_edition(self, fair: Fair, starts: date, label: str, days: int) -> Edition:
        name = " ".join(part for part in (fair.name, label, str(starts.year)) if part)
        ends = starts + timedelta(days=days - 1)
        event_id = add_event(self.db, name=name, city=fair.city, country=fair.country, venue=fair.venue,
                             time_zone=fair.zone, starts_on=starts.isoformat(), ends_on=ends.isoformat())
        edition = Edition(event_id, fair, name, starts, ends)
        self.editions.append(edition)
        self.counts["events"] += 1
        return edition

    def pick_edition(self, sector: str) -> Edition | None:
        """A fair that has begun and suits *sector*."""
        if sector not in self.editions_by_sector:
            self.editions_by_sector[sector] = [e for e in self.past_editions
                                               if not e.fair.sectors or sector in e.fair.sectors]
        editions = self.editions_by_sector[sector]
        return self.rng.choice(editions) if editions else None

    # Companies ---------------------------------------------------------------------

    def pick_company(self, country: str) -> Company:
        """The company being filled for *country*, or a new one when it is full."""
        company = self.open_company.get(country)
        if company is None or company.room <= 0:
            company = self.add_company(country)
            self.open_company[country] = company
        company.room -= 1
        return company

    def add_company(self, country: str) -> Company:
        """A new company in *country*: local name and legal form, product line, web domain."""
        rng = self.rng
        culture, style = CULTURE[country], COMPANY_STYLES[country]
        city, zone = rng.choice(culture.cities)
        for _attempt in range(8):
            pattern, native_pattern, domain_pattern = rng.choice(style.patterns)
            industry = rng.choice(style.industries)
            brand = rng.choice(style.brands) if style.brands else ("",)
            family, family2 = rng.sample(culture.family, 2)
            parts = {"city": city, "city_n": CITY_NATIVE.get(city, city),
                     "brand": brand[-1], "brand_n": brand[0],
                     "family": variant(family[-1], False), "family_n": variant(family[0], False),
                     "family2": variant(family2[-1], False),
                     "ind": industry[1], "ind_n": industry[-1]}
            name = pattern.format(**parts)
            name = name[0].upper() + name[1:]   # "de Vries Techniek" starts a sentence
            if name.casefold() not in self.company_names:
                break
        self.company_names.add(name.casefold())
        native = native_pattern.format(**parts) if native_pattern else None
        sector = industry[0]
        product_sector = rng.choice(list(PRODUCTS)) if sector == "trading" or sector not in PRODUCTS \
            else sector
        product = rng.choice(PRODUCTS[product_sector])
        model = None
        if product_sector in MODEL_SECTORS:
            letters = "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(2))
            model = f"{letters}-{rng.randrange(10, 99) * 10}"
        domain = self.claim_domain(ascii_words(domain_pattern.format(**parts), country), city,
                                   country, style.tld)
        # Written with the batch's people (write_people), under the id they name it by.
        company_id = new_id()
        self.pending_companies.append({"id": company_id, "name": name, "native_name": native, "country": country,
                                       "city": city, "website": f"https://www.{domain}",
                                       "industry": SECTOR_LABELS[sector]})
        self.counts["companies"] += 1
        room = rng.choices((1, 2, 3, 4, 5, 6), (22, 22, 20, 15, 11, 10))[0]
        return Company(company_id, country, city, zone, product_sector, product, model, domain,
                        rng.randrange(3), room)

    def claim_domain(self, words: tuple[str, ...], city: str, country: str, tld: str) -> str:
        """A web domain no other demo company uses: the name's words, then the city, then a number."""
        base = "-".join(words[:2]) or "company"
        candidates = itertools.chain((base, f"{base}-{''.join(ascii_words(city, country))}"),
                                     (f"{base}{n}" for n in itertools.count(2)))
        for candidate in candidates:
            domain = f"{candidate}.{tld}"
            if domain not in self.domains:
                self.domains.add(domain)
                return domain
        raise AssertionError("unreachable")

    # People --------------------------------------------------------------------------

    def add_people(self, count: int, total: int) -> None:
        def write_batch(start: int, end: int) -> None:
            for index in range(start, end):
                self.add_person(index)
            self.write_people()

        self.write_in_chunks(count, write_batch, 0, total)

    def write_in_chunks(self, count: int, write_batch: Callable[[int, int], None], done: int, total: int) -> None:
        """Call ``write_batch(start, end)`` for batches of ``BATCH`` up to *count*, in chunks of the run:
        each transaction takes batches until it has written for ``_WRITE_S``, then commits and pauses.

        What is written does not depend on where the chunks end, only how long another writer waits.
        """
        start = 0
        while start < count:
            began = clock.perf_counter()
            with self.run.chunk(), logging_in_bulk(self.db):
                while start < count:
                    end = min(count, start + self.BATCH)
                    write_batch(start, end)
                    start = end
                    if clock.perf_counter() - began >= _WRITE_S:
                        break
            clock.sleep(_PAUSE_S)  # let another writer have the book (see ``_WRITE_S``)
            self.report_progress(done + start, total)

    def write_people(self) -> None:
        """Write the people drawn so far, as an import would, then the stage moves that brought them there."""
        if self.pending_companies:
            add_companies(self.db, self.pending_companies)
            self.pending_companies = []
        if not self.pending:
            return
        # Drawn in the form validation stores (a test checks it): not checked again, as an import's preview.
        ids = add_contacts(self.db, [fields for _person, fields in self.pending], normalized=_NORMALIZED)
        for (person, _fields), contact_id in zip(self.pending, ids):
            person.id = contact_id
        self.counts["contacts"] += len(ids)
        # One write for the batch's moves, each logged as a move of its own.
        self.counts["stage_changes"] += change_stages(
            self.db, [(person.id, stage, when) for person, _fields in self.pending for stage, when in person.stage_moves])
        self.pending = []

    def add_person(self, index: int) -> None:
        """Draw one contact with a full profile and the stage moves that brought them where they are.

        The person waits in ``pending`` until ``write_people``.
        """
        rng = self.rng
        if index < len(FIRST_CULTURES):
            country = FIRST_CULTURES[index]
        else:
            country = rng.choices(self.cultures, cum_weights=self.culture_weights)[0]
        company = self.pick_company(country)
        culture = CULTURE[country]
        if country in STAFF_MIX:
            names, weights = zip(*STAFF_MIX[country])
            culture = CULTURE[rng.choices(names, weights)[0]]
        female = rng.random() < 0.4
        forced = FIRST_FAMILY.get(country) if index < len(FIRST_CULTURES) else None
        for _attempt in range(5):
            name = make_name(self.rng, culture, female, forced)
            if name["display_name"] not in company.names:
                break
        company.names.add(name["display_name"])
        title = rng.choices(self.titles, cum_weights=self.title_weights)[0]

        edition = self.pick_edition(company.sector) if rng.random() < 0.8 else None
        met_at, booth = self.pick_first_meeting(edition, company)
        stage = self.pick_stage(met_at)
        introducer = None
        fields = dict(name)
        same_country = self.by_country.get(country)
        roll = rng.random()
        if same_country and roll < 0.12:
            introducer = rng.choice(same_country)
            if introducer.id is None:   # drawn in this batch: written first, for its id
                self.write_people()
            fields["introduced_by_contact_id"] = introducer.id
        elif roll < 0.18:
            fields["introduced_by_org"] = rng.choice(ORGANIZATIONS.get(country, ANY_ORGANIZATION))
        fields.update(
            form_of_address=form_of_address(self.rng, culture.country, name, female, title),
            job_title=title, company_id=company.id, country=country, city=company.city,
            time_zone=company.zone, languages=pick_languages(self.rng, culture),
            phones=make_phones(self.rng, country, company.city),
            emails=make_emails(self.rng, name, culture, company),
            tags=make_tags(self.rng, company, title, stage, edition),
            notes=make_notes(self.rng, culture.country, company, edition, introducer),
        )
        # The day and time as they were where the meeting took place.
        met_local = met_at.astimezone(ZoneInfo(edition.fair.zone if edition else company.zone))
        fields["met_on"] = met_local.date().isoformat()
        if edition:
            fields.update(met_event_id=edition.id, met_booth=booth)
        if rng.random() < (0.75 if country in EU else 0.35):
            fields["consent_given_at"] = to_utc_text(met_local)   # the stored form (see write_people)
            fields["consent_method"] = rng.choice(CONSENT_AT_FAIR if edition else CONSENT_ELSEWHERE)
            if rng.random() < 0.3:
                fields["consent_note"] = "Agreed to receive product news by email."
        moves = self.plan_stages(stage, met_at)
        person = Person(index, None, name["given_name"], name["display_name"], country,
                         culture.country, company.city, company.zone, company, stage, met_at, booth,
                         edition, moves)
        self.pending.append((person, fields))
        self.people.append(person)
        self.by_country.setdefault(country, []).append(person)


    def pick_first_meeting(self, edition: Edition | None,
                           company: Company) -> tuple[datetime, str | None]:
        """When (aware, never after now) and at which booth the person was first met."""
        rng = self.rng
        latest = self.now - timedelta(minutes=10)
        if edition is None:
            day = self.today - timedelta(days=rng.randint(3, 700))
            return min(at_hour(day, rng.uniform(9, 17), company.zone), latest), None
        local_today = self.now.astimezone(ZoneInfo(edition.fair.zone)).date()
        last_day = min(edition.ends, local_today)
        day = edition.starts + timedelta(days=rng.randint(0, (last_day - edition.starts).days))
        met_at = min(at_hour(day, rng.uniform(9.5, 17.5), edition.fair.zone), latest)
        booth = f"{rng.choice(edition.fair.halls)}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}"
        return met_at, booth

    def pick_stage(self, met_at: datetime) -> str:
        """A relationship stage that fits how long ago the person was met."""
        age = (self.now - met_at).days
        for limit, (stages, weights) in _STAGES_BY_AGE:
            if limit is None or age < limit:
                return self.rng.choices(stages, weights)[0]
        raise AssertionError("unreachable")

    def plan_stages(self, stage: str, met_at: datetime) -> list[tuple[str, datetime]]:
        """The stage moves that lead to *stage*, at increasing times between meeting and now."""
        path = _STAGE_PATHS[stage]
        span = self.now - met_at
        points = sorted(self.rng.uniform(0.15, 0.95) for _ in path)
        return [(s, (met_at + span * p).replace(microsecond=0)) for s, p in zip(path, points)]

    def report_progress(self, done: int, total: int) -> None:
        if self.progress and done != self.reported:
            self.reported = done
            self.progress(done, total)


def generate_demo_data(db, contacts: int, *, seed: int = 7, now: datetime | None = None,
                       progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Fill *db* with *contacts* sample people and their history; return how many rows of each kind.

    Dates are relative to *now* (an aware datetime; default: the current UTC
    time), so a fresh book always has meetings today and follow-ups due.
    *progress* is called now and then with ``(done, total)``. With 10 or more
    contacts the book always holds Chinese, Japanese, Korean, Arabic, Thai,
    Hindi, Russian and German names, at least three meetings today, an
    overdue follow-up, one due today, and an overdue promise each way.
    """
    if contacts < 0:
        raise ValueError("contacts must be zero or more")
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    now = now.astimezone(timezone.utc).replace(microsecond=0)
    # Full profiles for everyone, but a history only for a share: 100,000
    # contacts stay quick to make and the Today view stays readable.
    detailed = min(contacts, max(10, min(round(contacts * _DETAIL_SHARE), _DETAIL_CAP)))
    total = contacts + detailed
    # Short transactions, all or nothing: core/store/chunked_runs.py undoes a run that died.
    with ChunkedRun(db, N_("Add demo data")) as run:
        writer = _BookWriter(db, run, random.Random(seed), now, progress)
        with run.chunk():
            writer.add_events()
        writer.add_people(contacts, total)
        if contacts:
            chosen = writer.add_histories(detailed, total)
            with run.chunk():
                writer.add_meetings(chosen)
                writer.add_guaranteed_items(chosen)
                writer.write_history()
    writer.report_progress(total, total)
    return writer.counts
