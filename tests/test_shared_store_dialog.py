"""File → Connect to shared store…: the URL the dialog builds, passwords refused, the connection test."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from ui.shared_store_dialog import SERVER, SERVICE, URL, SharedStoreDialog
from ui.shared_store_url import (
    ServerFields,
    StoreUrlError,
    checked_url,
    fields_from_url,
    has_password,
    store_place,
    url_from_fields,
    url_from_service,
)
from ui.store_connection import ProbeResult

# ---- the URL rules, without Qt --------------------------------------------------------------------


def test_fields_make_a_postgresql_url_with_sslmode_and_no_password() -> None:
    url = url_from_fields(ServerFields(host="dbhost", port=5433, database="insoles", user="desk", sslmode="require"))
    assert url == "postgresql://desk@dbhost:5433/insoles?sslmode=require"
    assert url_from_fields(ServerFields(host="dbhost", database="insoles")) == "postgresql://dbhost/insoles"


def test_odd_characters_in_fields_are_quoted_and_read_back() -> None:
    fields = ServerFields(host="db.example.org", database="shop catalog/2", user="front@desk", sslmode="verify-full")
    url = url_from_fields(fields)
    assert " " not in url and url.count("@") == 1
    assert fields_from_url(url) == (fields, "")


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (ServerFields(host="", database="insoles"), "host"),
        (ServerFields(host="dbhost", database=" "), "name of the database"),
        (ServerFields(host="dbhost", database="insoles", sslmode="allow"), "SSL mode"),
    ],
)
def test_missing_fields_are_one_sentence(fields: ServerFields, says: str) -> None:
    with pytest.raises(StoreUrlError, match=says):
        url_from_fields(fields)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk:secret@dbhost/insoles",
        "postgresql://desk:@dbhost/insoles",
        "postgresql://desk@dbhost/insoles?password=secret",
        "postgres://desk:s%40cret@dbhost:5432/insoles?sslmode=require",
    ],
)
def test_a_url_holding_a_password_is_refused_with_pgpass_advice(url: str) -> None:
    assert has_password(url)
    with pytest.raises(StoreUrlError, match=r"~/\.pgpass"):
        checked_url(url)


def test_typed_urls_without_password_are_kept_and_others_refused() -> None:
    assert checked_url("  postgresql://desk@dbhost/insoles?sslmode=require ") == (
        "postgresql://desk@dbhost/insoles?sslmode=require"
    )
    with pytest.raises(StoreUrlError, match="postgresql://"):
        checked_url("mysql://desk@dbhost/insoles")


def test_service_url_and_where_lists_are_kept() -> None:
    assert url_from_service(" front desk ") == "postgresql://?service=front+desk"
    assert fields_from_url("postgresql://?service=shop") == (None, "shop")
    assert store_place(None) == "this computer"
    assert store_place("postgresql://desk@dbhost/insoles") == "shared store insoles on dbhost"
    assert store_place("postgresql://?service=shop") == "shared store (service shop)"


# ---- the dialog -----------------------------------------------------------------------------------


def make_dialog(qtbot: Any, current: str | None = None, **kwargs: Any) -> SharedStoreDialog:
    dialog = SharedStoreDialog(current, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_dialog_builds_the_url_from_fields_and_connects(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.way() == SERVER
    assert dialog.focusWidget() is dialog.host_edit
    qtbot.keyClicks(dialog.host_edit, "dbhost")
    qtbot.keyClicks(dialog.database_edit, "insoles")
    qtbot.keyClicks(dialog.user_edit, "desk")
    dialog.sslmode_combo.setCurrentText("require")
    dialog.connect_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_url == "postgresql://desk@dbhost/insoles?sslmode=require"


def test_dialog_refuses_a_typed_password_and_stays_open(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    dialog.set_way(URL)
    assert dialog.pages.currentIndex() == URL
    qtbot.keyClicks(dialog.url_edit, "postgresql://desk:secret@dbhost/insoles")
    dialog.connect_button.click()
    assert dialog.isVisible()
    assert dialog.chosen_url is None
    assert "~/.pgpass" in dialog.result_label.text()
    assert "secret" not in dialog.result_label.text()


def test_dialog_opens_on_the_current_store_and_can_go_back_to_this_computer(qtbot: Any) -> None:
    dialog = make_dialog(qtbot, "postgresql://desk@dbhost:5433/insoles?sslmode=verify-full")
    shown = (dialog.host_edit.text(), dialog.port_spin.value(), dialog.database_edit.text())
    assert shown == ("dbhost", 5433, "insoles")
    assert dialog.sslmode_combo.currentText() == "verify-full"
    dialog.local_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen_url is None
    service = make_dialog(qtbot, "postgresql://?service=shop")
    assert service.way() == SERVICE and service.service_edit.text() == "shop"


def test_dialog_says_passwords_are_read_by_postgresql_not_stored(qtbot: Any) -> None:
    dialog = make_dialog(qtbot)
    note = dialog.password_note
    assert note.textFormat() == Qt.TextFormat.PlainText
    for part in ("never stores a password", "~/.pgpass", "PGPASSFILE", "pg_service.conf"):
        assert part in note.text()


def test_connection_test_runs_off_the_ui_thread_and_says_one_sentence(qtbot: Any) -> None:
    import threading

    seen: dict[str, object] = {}

    def probe(url: str) -> ProbeResult:
        seen["url"], seen["thread"] = url, threading.current_thread()
        return ProbeResult(False, "The database server dbhost cannot be reached.")

    dialog = make_dialog(qtbot, probe=probe)
    dialog.set_way(SERVICE)
    qtbot.keyClicks(dialog.service_edit, "shop")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled())
    assert seen["url"] == "postgresql://?service=shop"
    assert seen["thread"] is not threading.main_thread()
    assert dialog.result_label.text() == "The database server dbhost cannot be reached."


def test_the_connection_test_reaches_a_real_server_and_says_so(postgres_url: str) -> None:
    from ui.store_connection import probe_store

    result = probe_store(postgres_url)
    assert result.ok
    assert result.sentence.startswith("Connected to postgresql://")
    assert postgres_url.rsplit("/", 1)[1] in result.sentence


def test_the_connection_test_of_a_server_that_is_not_there_is_one_sentence() -> None:
    from ui.store_connection import probe_store

    result = probe_store("postgresql://desk@127.0.0.1:1/insoles")
    assert not result.ok
    assert "cannot be reached" in result.sentence and "\n" not in result.sentence and "Traceback" not in result.sentence


def test_the_dialog_says_when_the_environment_overrides_the_choice(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSOLE_CATALOG_DATABASE", "postgresql://desk@dbhost/insoles")
    dialog = make_dialog(qtbot)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("INSOLE_CATALOG_DATABASE is set" in text for text in texts)
