"""Japanese and Simplified Chinese: one plural form, found from a system locale (the rest: test_i18n.py)."""

import os
import subprocess
import sys

import pytest

from core import i18n
from tests.test_i18n import ROOT, read_catalog

# Chinese lives in zh_CN: gettext expands LANG=zh_CN.UTF-8, LANGUAGE=zh and QLocale's "zh_CN" to it,
# never to a zh_Hans or zh_Hans_CN folder; zh_TW (Traditional) does not fall back to it.
CATALOGS = ["ja", "zh_CN"]


@pytest.mark.parametrize("code", CATALOGS)
def test_neither_language_inflects_for_number(code):
    # Completeness, placeholders and the compiled .mo of every catalog: tests/test_i18n.py.
    assert read_catalog(i18n.LOCALE_DIR / code / "LC_MESSAGES" / "fairmate.po").num_plurals == 1


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.install_language("en")





@pytest.mark.parametrize("variables, expected", [
    ({"LANG": "zh_CN.UTF-8"}, "添加联系人"),
    ({"LC_ALL": "zh_CN.GB18030"}, "添加联系人"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, "添加联系人"),
    ({"LANGUAGE": "zh"}, "添加联系人"),
    ({"LANG": "zh_TW.UTF-8"}, "Add contact"),  # Traditional: no catalog yet, not Simplified
    ({"LANG": "ja_JP.UTF-8"}, "連絡先を追加"),
    ({"LANGUAGE": "ja"}, "連絡先を追加"),
])
def test_command_line_language_comes_from_the_environment(monkeypatch, variables, expected):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    i18n.install_language(None)  # what `fairmate` does at start
    assert i18n._("Add contact") == expected


@pytest.mark.parametrize("qt_name, expected", [("zh_CN", "联系人"), ("ja_JP", "連絡先"), ("zh_TW", "Contacts")])
def test_the_app_finds_the_catalog_from_qlocale_names(qt_name, expected):
    i18n.install_language(qt_name)  # QLocale.system().name() on that desktop
    assert i18n._("Contacts") == expected


def test_the_app_picks_chinese_from_a_chinese_system_locale(tmp_path):
    script = (
        "from ui.app import create_application, install_translations\n"
        "from core.i18n import _, ngettext\n"
        "app = create_application(['fairmate'])\n"
        "install_translations(app)\n"
        "print(_('&File'))\n"
        "print(ngettext('{n} contact', '{n} contacts', 3).format(n=3))\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "zh_CN.UTF-8", "HOME": str(tmp_path)}
    if "XDG_RUNTIME_DIR" in os.environ:
        env["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"]
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["文件(&F)", "3 个联系人"]
