"""File → Connect to shared store…: where shortlists and client profiles are kept.

Three ways to say which server: its details (host, port, database, user, SSL mode), a service
name from pg_service.conf, or a whole URL. The dialog never asks for a password and refuses a URL
that holds one: PostgreSQL reads passwords from ~/.pgpass, PGPASSFILE or the service file.
"Test connection" tries once in the background and says the result in one sentence.

After `exec()` returns Accepted, `chosen_url` is the URL to use, or None for this computer's store.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from catalog_app.storage.database import DATABASE_ENV
from ui.background_call import BackgroundCall
from ui.shared_store_url import (
    DEFAULT_PORT,
    SSL_MODES,
    ServerFields,
    StoreUrlError,
    checked_url,
    fields_from_url,
    store_place,
    url_from_fields,
    url_from_service,
)
from ui.store_connection import ProbeResult, probe_store
from ui.widgets.plain_text import plain_label

PASSWORD_NOTE = (
    "The app never stores a password. PostgreSQL reads it from ~/.pgpass, from the file that "
    "PGPASSFILE names, or from a service in pg_service.conf."
)
INTRO = "Keep shortlists and client profiles on a PostgreSQL server that several desks share."
SERVER, SERVICE, URL = 0, 1, 2
OK_STYLE = "color: #1b5e20;"
PROBLEM_STYLE = "color: #8a1c1c;"


class SharedStoreDialog(QDialog):
    def __init__(
        self,
        current_url: str | None,
        parent: QWidget | None = None,
        *,
        probe: Callable[[str], ProbeResult] = probe_store,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to shared store")
        self.setObjectName("sharedStoreDialog")
        self.chosen_url: str | None = current_url
        self._probe = probe
        self._test_call = BackgroundCall(self)
        self._test_call.finished.connect(self._show_probe)
        layout = QVBoxLayout(self)
        layout.addWidget(self._wrapped(INTRO))
        layout.addWidget(self._wrapped(f"Lists are now kept on: {store_place(current_url)}."))
        layout.addLayout(self._build_way_choice())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_server_page())
        self.pages.addWidget(self._build_service_page())
        self.pages.addWidget(self._build_url_page())
        layout.addWidget(self.pages)
        self.password_note = self._wrapped(PASSWORD_NOTE)
        self.password_note.setAccessibleName("About passwords")
        layout.addWidget(self.password_note)
        layout.addLayout(self._build_test_row())
        if os.environ.get(DATABASE_ENV):
            layout.addWidget(self._wrapped(f"{DATABASE_ENV} is set, so the next start uses the store it names."))
        layout.addWidget(self._build_buttons())
        self._fill_from(current_url)
        self.setMinimumWidth(520)
        self._first_field().setFocus(Qt.FocusReason.OtherFocusReason)  # type at once, whichever way is shown

    # ---- building -----------------------------------------------------------------------------

    def _wrapped(self, text: str) -> QLabel:
        label = plain_label(text, self)
        label.setWordWrap(True)
        return label

    def _build_way_choice(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(plain_label("Connect by:", self))
        self.way_group = QButtonGroup(self)
        for way, text in ((SERVER, "&Server details"), (SERVICE, "Ser&vice name"), (URL, "&URL")):
            button = QRadioButton(text, self)
            self.way_group.addButton(button, way)
            row.addWidget(button)
        row.addStretch(1)
        self.way_group.idToggled.connect(self._on_way_toggled)
        return row

    def _build_server_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.host_edit = QLineEdit(page)
        self.host_edit.setPlaceholderText("dbhost or 192.0.2.10")
        self.port_spin = QSpinBox(page)
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit(page)
        self.database_edit.setPlaceholderText("insoles")
        self.user_edit = QLineEdit(page)
        self.user_edit.setPlaceholderText("desk (empty: your login name)")
        self.sslmode_combo = QComboBox(page)
        self.sslmode_combo.addItems(list(SSL_MODES))
        self.sslmode_combo.setToolTip("require: always encrypted; verify-full: also checks the server's certificate")
        form.addRow("&Host:", self.host_edit)
        form.addRow("&Port:", self.port_spin)
        form.addRow("&Database:", self.database_edit)
        form.addRow("U&ser:", self.user_edit)
        form.addRow("SSL &mode:", self.sslmode_combo)
        return page

    def _build_service_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.service_edit = QLineEdit(page)
        self.service_edit.setPlaceholderText("insoles")
        form.addRow("Ser&vice:", self.service_edit)
        form.addRow(self._wrapped("A service in pg_service.conf names the server, database, user and SSL mode."))
        return page

    def _build_url_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.url_edit = QLineEdit(page)
        self.url_edit.setPlaceholderText("postgresql://desk@dbhost/insoles?sslmode=require")
        form.addRow("U&RL:", self.url_edit)
        form.addRow(self._wrapped("For example postgresql://desk@dbhost/insoles?sslmode=require (no password)."))
        return page

    def _build_test_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.test_button = QPushButton("&Test connection", self)
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = self._wrapped("")
        self.result_label.setAccessibleName("Connection test result")
        row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.result_label, 1)
        return row

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.connect_button = buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.local_button = buttons.addButton("Use this computer's store", QDialogButtonBox.ButtonRole.ResetRole)
        self.local_button.setToolTip("Keep lists and profiles in this computer's data folder, as without a server")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._connect)
        self.local_button.clicked.connect(self._use_local)
        buttons.rejected.connect(self.reject)
        return buttons

    def _fill_from(self, url: str | None) -> None:
        if url and store_place(url) != "this computer":
            fields, service = fields_from_url(url)
            if fields is not None:
                self._set_fields(fields)
                self.way_group.button(SERVER).setChecked(True)
                return
            if service:
                self.service_edit.setText(service)
                self.way_group.button(SERVICE).setChecked(True)
                return
            self.url_edit.setText(url)
            self.way_group.button(URL).setChecked(True)
            return
        self.way_group.button(SERVER).setChecked(True)

    def _first_field(self) -> QWidget:
        return {SERVER: self.host_edit, SERVICE: self.service_edit, URL: self.url_edit}[self.way()]

    def _set_fields(self, fields: ServerFields) -> None:
        self.host_edit.setText(fields.host)
        self.port_spin.setValue(fields.port)
        self.database_edit.setText(fields.database)
        self.user_edit.setText(fields.user)
        self.sslmode_combo.setCurrentText(fields.sslmode)

    # ---- what the user does -------------------------------------------------------------------

    def way(self) -> int:
        return self.way_group.checkedId()

    def set_way(self, way: int) -> None:
        self.way_group.button(way).setChecked(True)

    def built_url(self) -> str:
        """The URL the fields say; raises StoreUrlError with the sentence to show."""
        if self.way() == SERVICE:
            return url_from_service(self.service_edit.text())
        if self.way() == URL:
            return checked_url(self.url_edit.text())
        fields = ServerFields(
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            database=self.database_edit.text(),
            user=self.user_edit.text(),
            sslmode=self.sslmode_combo.currentText(),
        )
        return url_from_fields(fields)

    def test_connection(self) -> None:
        try:
            url = self.built_url()
        except StoreUrlError as error:
            self._say(str(error), ok=False)
            return
        self.test_button.setEnabled(False)
        self._say("Trying to connect…", ok=None)
        probe = self._probe
        self._test_call.start(lambda: probe(url), name="store-connection-test")

    def _show_probe(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        self._say(result.sentence, ok=result.ok)

    def _say(self, sentence: str, *, ok: bool | None) -> None:
        self.result_label.setText(sentence)
        self.result_label.setStyleSheet("" if ok is None else OK_STYLE if ok else PROBLEM_STYLE)

    def _connect(self) -> None:
        try:
            self.chosen_url = self.built_url()
        except StoreUrlError as error:
            self._say(str(error), ok=False)
            return
        self.accept()

    def _use_local(self) -> None:
        self.chosen_url = None
        self.accept()

    def _on_way_toggled(self, way: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(way)
            self._say("", ok=None)

    # ---- closing: the connection test's thread ends with the dialog ----------------------------

    def done(self, result: int) -> None:
        self._test_call.join()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._test_call.join()
        super().closeEvent(event)
