"""The foot profile pane: what a person says about their feet, shoes and budget, and their saved profiles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from catalog_app.model.profile import FootProfile
from catalog_app.model.sizes import size_problem
from catalog_app.model.vocabulary import Activity, Concern, FootArch, Pronation, RedFlag, ShoeType, label
from catalog_app.storage.profile_store import ProfileStore, ProfileStoreError
from ui.finder.arch_gait_helper import ArchGaitHelper
from ui.finder.profile_questions import PainQuestions, RedFlagChecks, ShoeSizeEntry
from ui.widgets.check_group import CheckGroup
from ui.widgets.plain_text import ask_yes_no

NOT_SET = "Not set"
UNSAVED = "(unsaved profile)"
BUDGET_MAX = 10_000
DEFAULT_CURRENCY = FootProfile.model_fields["currency"].default
COMMON_CURRENCIES = ("EUR", "GBP", "USD")


class ProfilePane(QWidget):
    """Emits `profileChanged(FootProfile)` once per user change, and once per `set_profile`."""

    profileChanged = Signal(object)

    def __init__(self, store: ProfileStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilePane")
        self.store = store or ProfileStore()
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._build_saved_profiles())
        layout.addWidget(self._build_feet())
        # "Balance / steadiness" in full would widen the pane past its dock; the tooltip says the rest.
        self.concerns = CheckGroup(
            [value.value for value in Concern], what="Concern", columns=2, labels={"balance": "Balance"}
        )
        self.concerns.box("balance").setToolTip("Balance / steadiness: feeling unsteady on your feet")
        layout.addWidget(_group("Concerns", self.concerns))
        self.pain = PainQuestions(self)
        layout.addWidget(_group("Pain and past insoles", self.pain))
        self.red_flags = RedFlagChecks(self)
        layout.addWidget(_group("Warning signs", self.red_flags))
        self.activities = CheckGroup([value.value for value in Activity], what="Activity", columns=2)
        layout.addWidget(_group("Activities", self.activities))
        self.shoe_types = CheckGroup([value.value for value in ShoeType], what="Shoe", columns=1)
        layout.addWidget(_group("Shoes the insole is for", self.shoe_types))
        layout.addWidget(self._build_budget_and_size())
        self.clear_button = QPushButton("Clear profile", self)
        self.clear_button.setAccessibleName("Clear profile")
        self.clear_button.setToolTip("Forget every answer; the results are no longer ranked by fit")
        self.clear_button.clicked.connect(self.clear_profile)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        for group in (self.concerns, self.activities, self.shoe_types, self.pain, self.red_flags):
            group.changed.connect(self._on_edited)
        self.reload_names()

    # ---- building -----------------------------------------------------------------------------

    def _build_saved_profiles(self) -> QGroupBox:
        box = QGroupBox("Saved profiles", self)
        self.names = QComboBox(box)
        self.names.setAccessibleName("Saved profiles")
        self.names.setToolTip("Load a saved profile")
        self.names.activated.connect(self._on_name_chosen)
        self.save_button = _button("Save", "Save profile", "Save this profile under its name", box)
        self.save_as_button = _button("Save as…", "Save profile as", "Save this profile under a new name", box)
        self.rename_button = _button("Rename…", "Rename profile", "Rename the chosen saved profile", box)
        self.delete_button = _button("Delete", "Delete profile", "Delete the chosen saved profile", box)
        self.save_button.clicked.connect(self.save_profile)
        self.save_as_button.clicked.connect(self.save_profile_as)
        self.rename_button.clicked.connect(self.rename_profile)
        self.delete_button.clicked.connect(self.delete_profile)
        self.message = QLabel(box)
        self.message.setObjectName("profileMessage")
        self.message.setAccessibleName("Saved profiles message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # quotes profile names
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QGridLayout()
        buttons.addWidget(self.save_button, 0, 0)
        buttons.addWidget(self.save_as_button, 0, 1)
        buttons.addWidget(self.rename_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.names)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        return box

    def _build_feet(self) -> QGroupBox:
        box = QGroupBox("Your feet", self)
        self.arch = _choice_combo([value.value for value in FootArch], "Foot arch", box)
        self.pronation = _choice_combo([value.value for value in Pronation], "Pronation", box)
        self.pronation.setToolTip(
            "How the foot rolls when you walk: inwards (overpronation), evenly (neutral) or outwards (supination)"
        )
        self.arch.currentIndexChanged.connect(self._on_edited)
        self.pronation.currentIndexChanged.connect(self._on_edited)
        self.helper_button = _button(
            "Not sure? Find your arch and gait…",
            "Not sure? Find your arch and gait",
            "Two home checks, the wet-footprint test and the wear on your shoes, fill in arch and pronation",
            box,
        )
        self.helper_button.clicked.connect(self.open_arch_helper)
        self.arch_helper: ArchGaitHelper | None = None
        form = QFormLayout(box)
        form.addRow("&Arch:", self.arch)
        form.addRow("&Pronation:", self.pronation)
        form.addRow(self.helper_button)
        return box

    def open_arch_helper(self) -> ArchGaitHelper:
        """Open the "Not sure?" helper (window-modal); its answers fill arch and pronation when accepted."""
        if self.arch_helper is not None:  # one helper at a time; the last one's answers are spent
            self.arch_helper.deleteLater()
        helper = ArchGaitHelper(self.arch.currentData() or None, self.pronation.currentData() or None, self)
        helper.accepted.connect(self._on_helper_accepted)
        self.arch_helper = helper
        helper.open()
        return helper

    def _on_helper_accepted(self) -> None:
        if self.arch_helper is not None:
            self.set_arch_and_pronation(self.arch_helper.arch(), self.arch_helper.pronation())

    def set_arch_and_pronation(self, arch: str | None, pronation: str | None) -> None:
        """Fill both fields (None leaves one empty) and emit `profileChanged` once."""
        self._quiet = True
        try:
            _select_data(self.arch, arch or "")
            _select_data(self.pronation, pronation or "")
        finally:
            self._quiet = False
        self._on_edited()

    def _build_budget_and_size(self) -> QGroupBox:
        box = QGroupBox("Budget and size", self)
        self.budget = QDoubleSpinBox(box)
        self.budget.setAccessibleName("Budget per pair")
        self.budget.setToolTip("The most you want to pay for one pair, in the catalog's currency")
        self.budget.setRange(0, BUDGET_MAX)
        self.budget.setDecimals(0)
        self.budget.setSingleStep(10)
        self.budget.setSpecialValueText("No limit")
        self.budget.setKeyboardTracking(False)
        self.budget.valueChanged.connect(self._on_edited)
        self.shoe_size = ShoeSizeEntry(box)
        self.shoe_size.changed.connect(self._on_edited)
        self.budget_currency = QComboBox(box)
        self.budget_currency.setAccessibleName("Budget currency")
        self.budget_currency.setToolTip("Products priced in other currencies are not held to the budget")
        self.budget_currency.addItems(COMMON_CURRENCIES)
        self.budget_currency.setCurrentText(DEFAULT_CURRENCY)
        self.budget_currency.currentIndexChanged.connect(self._on_currency_changed)
        budget_row = QHBoxLayout()
        budget_row.addWidget(self.budget, 1)
        budget_row.addWidget(self.budget_currency)
        budget_label = QLabel("&Budget:", box)
        budget_label.setBuddy(self.budget)  # a row holding a layout gets no buddy by itself
        form = QFormLayout(box)
        form.addRow(budget_label, budget_row)
        size_label = QLabel("Shoe si&ze:", box)
        size_label.setBuddy(self.shoe_size.number)
        form.addRow(size_label, self.shoe_size)
        return box

    def set_currencies(self, codes: list[str]) -> None:
        """Offer the catalog's currencies for the budget; the chosen one stays offered."""
        current = self.budget_currency.currentText()
        wanted = sorted({*codes, *COMMON_CURRENCIES, current} - {""})
        self.budget_currency.blockSignals(True)
        self.budget_currency.clear()
        self.budget_currency.addItems(wanted)
        self.budget_currency.setCurrentText(current)
        self.budget_currency.blockSignals(False)

    def _on_currency_changed(self, _index: int) -> None:
        if self.budget.value() > 0:  # a currency alone changes nothing
            self._on_edited()

    # ---- the profile --------------------------------------------------------------------------

    def profile(self) -> FootProfile:
        budget = self.budget.value()
        arch = self.arch.currentData()
        pronation = self.pronation.currentData()
        return FootProfile(
            arch=FootArch(arch) if arch else None,
            pronation=Pronation(pronation) if pronation else None,
            concerns=tuple(Concern(value) for value in self.concerns.checked()),
            activities=tuple(Activity(value) for value in self.activities.checked()),
            shoe_types=tuple(ShoeType(value) for value in self.shoe_types.checked()),
            budget=budget if budget > 0 else None,
            currency=self.budget_currency.currentText() if budget > 0 else DEFAULT_CURRENCY,
            shoe_size=self.shoe_size.text(),
            red_flags=tuple(RedFlag(value) for value in self.red_flags.checked()),
            severity=self.pain.severity_value(),
            tried_off_the_shelf=self.pain.tried_off_the_shelf.isChecked(),
            unusual_foot_shape=self.pain.unusual_foot_shape.isChecked(),
        )

    def profile_name(self) -> str:
        return str(self.names.currentData() or "")

    def set_profile(self, profile: FootProfile, name: str = "") -> None:
        """Show `profile` (and select its saved name, if any); emits `profileChanged` once."""
        self._quiet = True
        try:
            _select_data(self.arch, profile.arch or "")
            _select_data(self.pronation, profile.pronation or "")
            self.concerns.set_checked(profile.concerns)
            self.activities.set_checked(profile.activities)
            self.shoe_types.set_checked(profile.shoe_types)
            self.budget.setValue(min(profile.budget or 0, BUDGET_MAX))
            if self.budget_currency.findText(profile.currency) < 0:
                self.budget_currency.addItem(profile.currency)
            self.budget_currency.setCurrentText(profile.currency)
            size_read = self.shoe_size.set_text(profile.shoe_size)
            self.red_flags.set_checked(profile.red_flags)
            self.pain.set_answers(profile.severity, profile.tried_off_the_shelf, profile.unusual_foot_shape)
            self._select_name(name)
            if not size_read:
                self.show_message(size_problem(profile.shoe_size))
        finally:
            self._quiet = False
        self.profileChanged.emit(self.profile())

    def clear_profile(self) -> None:
        self.set_profile(FootProfile())

    def _on_edited(self, *_args: object) -> None:
        if not self._quiet:
            self.profileChanged.emit(self.profile())

    # ---- saved profiles -----------------------------------------------------------------------

    def replace_store(self, store: ProfileStore) -> None:
        """Offer the saved profiles of another store (File → Connect to shared store…); the profile shown stays."""
        self.store = store
        self.reload_names(select=self.profile_name())

    def reload_names(self, select: str = "") -> None:
        try:
            names = self.store.names()
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            names = self._names_after_error()
        self.names.blockSignals(True)
        self.names.clear()
        self.names.addItem(UNSAVED, "")
        for name in names:
            self.names.addItem(name, name)
        self.names.blockSignals(False)
        self._select_name(select)

    def _names_after_error(self) -> list[str]:
        try:
            return self.store.names()  # an unreadable file was moved aside: the list starts empty
        except ProfileStoreError:
            return []

    def _select_name(self, name: str) -> None:
        index = self.names.findData(name) if name else 0
        self.names.setCurrentIndex(max(index, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        named = bool(self.profile_name())
        self.rename_button.setEnabled(named)
        self.delete_button.setEnabled(named)

    def _on_name_chosen(self, index: int) -> None:
        name = str(self.names.itemData(index) or "")
        self._update_buttons()
        if not name:
            return
        try:
            profile = self.store.load(name)
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            self.reload_names()
            return
        self.show_message("")
        self.set_profile(profile, name)

    def save_profile(self) -> None:
        name = self.profile_name()
        if not name:
            self.save_profile_as()
            return
        self._save(name)

    def save_profile_as(self) -> None:
        name = self.ask_name("Save profile as", "Name for this profile:", self.profile_name())
        if not name:
            return
        try:
            exists = self.store.exists(name)
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            return
        if exists and not self.confirm("Replace profile?", f"A profile called “{name}” exists. Replace it?"):
            return
        self._save(name)

    def _save(self, name: str) -> None:
        try:
            stored = self.store.save(name, self.profile())
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            return
        self.reload_names(select=stored)
        self.show_message(f"Saved “{stored}”.")

    def rename_profile(self) -> None:
        old = self.profile_name()
        if not old:
            return
        new = self.ask_name("Rename profile", f"New name for “{old}”:", old)
        if not new or new == old:
            return
        try:
            stored = self.store.rename(old, new)
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            return
        self.reload_names(select=stored)
        self.show_message(f"Renamed “{old}” to “{stored}”.")

    def delete_profile(self) -> None:
        name = self.profile_name()
        if not name or not self.confirm("Delete profile?", f"Delete the saved profile “{name}”?"):
            return
        try:
            self.store.delete(name)
        except ProfileStoreError as error:
            self.show_message(_sentence(error))
            return
        self.reload_names()
        self.show_message(f"Deleted “{name}”. The answers above stay until you change them.")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # Dialog hooks: tests replace these to answer without a modal dialog.

    def ask_name(self, title: str, prompt: str, default: str) -> str | None:
        text, accepted = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal, default)
        return text.strip() if accepted and text.strip() else None

    def confirm(self, title: str, question: str) -> bool:
        return ask_yes_no(self, title, question)


def _group(title: str, content: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(content)
    return box


def _button(text: str, name: str, tooltip: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name)
    button.setToolTip(tooltip)
    return button


def _choice_combo(values: list[str], name: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.addItem(NOT_SET, "")
    for value in values:
        combo.addItem(label(value), value)
    return combo


def _select_data(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


def _sentence(error: Exception) -> str:
    text = str(error)
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."
