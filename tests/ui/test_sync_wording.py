"""The sync status reads as one sentence in every language (the Sync page's own test: tests/ui/test_ui_sync.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ui import sync_controller as sc

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("language, just_now, two_minutes", [
    ("en", "Synced just now", "Synced 2 min ago"),
    ("ja", "たった今同期しました", "2 分前に同期しました"),
    ("zh_CN", "刚刚已同步", "2分钟前已同步"),
    ("de", "Gerade eben synchronisiert", "Synchronisiert vor 2 Min."),
    ("es", "Sincronizado hace un momento", "Sincronizado hace 2 min"),
    ("fr", "Synchronisé à l'instant", "Synchronisé il y a 2\xa0min"),
])
def test_synced_is_a_whole_sentence_in_every_language(language, just_now, two_minutes):
    from core.i18n import install_language

    install_language(language)
    try:
        def synced(moment):
            return sc.describe_status(sc.SyncStatus(sc.SYNCED, last_sync_at=moment.isoformat()), NOW)

        assert synced(NOW - timedelta(seconds=20)) == just_now
        assert synced(NOW - timedelta(minutes=2)) == two_minutes
    finally:
        install_language("en")

