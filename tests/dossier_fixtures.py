"""Partners in every script, with a meeting, promises and history, for the dossier tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.book.activity import add_commitment, change_stage, log_interaction, schedule_follow_up
from core.book.contacts import add_contact
from core.book.events import add_event, add_meeting
from core.book.settings import set_setting

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # 09:00 at the fair in Shanghai

PARTNERS = {
    "JP": dict(display_name="Tanaka Taro", native_name="田中太郎", native_reading="たなか たろう",
               form_of_address="Tanaka-san", job_title="Purchasing Manager", company="Maruwa Trading",
               country="JP", languages=["ja", "en"]),
    "SA": dict(display_name="Abdullah Al-Harbi", native_name="عبدالله الحربي", form_of_address="Mr. Abdullah",
               job_title="Procurement Director", company="Al-Harbi Building Materials", country="SA",
               languages=["ar", "en"]),
    "TH": dict(display_name="Somchai Wongsawat", native_name="สมชาย วงศ์สวัสดิ์", form_of_address="Khun Somchai",
               company="Siam Auto Parts", country="TH", languages=["th"]),
    "IN": dict(display_name="Priya Sharma", native_name="प्रिया शर्मा", form_of_address="Ms. Sharma",
               company="Sharma Exports", country="IN", languages=["hi", "en"]),
    "DE": dict(display_name="Jürgen Müller", form_of_address="Herr Dr. Müller", job_title="Einkaufsleiter",
               company="Müller Präzisionstechnik GmbH", country="DE", languages=["de"]),
    "IL": dict(display_name="David Cohen", native_name="דוד כהן", company="Negev Optics", country="IL",
               languages=["he", "en"]),
}


def add_partners(db) -> dict[str, str]:
    """Add the partners, a fair, a meeting each today, promises both ways and history; return ids."""
    set_setting(db, "home_country", "DE")
    set_setting(db, "home_time_zone", "Europe/Berlin")
    fair = add_event(db, name="Canton Fair", city="Guangzhou", country="CN", time_zone="Asia/Shanghai")
    ids = {}
    for number, (code, fields) in enumerate(PARTNERS.items()):
        contact_id = add_contact(db, met_event_id=fair, met_booth="10.1 C02", met_on="2026-04-15", **fields)
        ids[code] = contact_id
        add_meeting(db, contact_id, starts_at=NOW + timedelta(hours=2 + number), time_zone="Asia/Shanghai",
                    place=f"Hall 10.1, booth C0{number}", event_id=fair,
                    agenda="Trial order of 500 units" if code == "JP" else None)
    japan = ids["JP"]
    add_commitment(db, japan, description="Send the ISO 9001 certificate", owed_by="them", due_on="2026-11-01")
    add_commitment(db, japan, description="Send 20 samples of model B", owed_by="us", due_on="2026-12-05")
    log_interaction(db, japan, kind="meeting", summary="First talk at the booth about brake pads",
                    occurred_at=NOW - timedelta(days=200))
    change_stage(db, japan, "rapport", when=NOW - timedelta(days=100))
    schedule_follow_up(db, japan, due_at=NOW - timedelta(days=2), reason="Confirm the price list")
    return ids
