"""The window's menus, toolbar and their texts in the chosen language (a mixin of MainWindow)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from gui.i18n import tr

RECENT_MAX = 8


class WindowActions:
    """Builds and names every action; the slots live in the other parts of the window."""

    def _action(self, key: str, slot, shortcut=None, checkable=False) -> QAction:
        act = QAction(self)
        act.setData(key)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        self._actions[key] = act
        return act

    def _build_actions(self) -> None:
        self._actions: dict[str, QAction] = {}
        a = self._action
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(a("action.open", self.open_project, QKeySequence.Open))
        self.file_menu.addAction(a("action.save", self.save_project, QKeySequence.Save))
        self.file_menu.addAction(a("action.save_as", self.save_project_as, QKeySequence.SaveAs))
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.file_menu.addAction(a("action.import", lambda: self.import_data(), "Ctrl+I"))
        self.file_menu.addAction(a("action.import_boundaries", lambda: self.import_boundaries()))
        self.file_menu.addAction(a("action.ssb_update", lambda: self.update_from_ssb()))
        self.file_menu.addAction(a("action.export", self.export_map, "Ctrl+E"))
        self.file_menu.addAction(a("action.export_profile", lambda: self.views.export_profile()))
        self.file_menu.addSeparator()
        self.file_menu.addAction(a("action.quit", self.close, QKeySequence.Quit))
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addAction(a("action.undo", self.undo, QKeySequence.Undo))
        self.edit_menu.addAction(a("action.redo", self.redo, QKeySequence.Redo))
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(a("action.remove_import", self.remove_imported_indicator))
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(a("action.reset_view", self.reset_view, "Ctrl+0"))
        self.view_menu.addAction(a("action.zoom_county", lambda: self.zoom_to_parent("fylke")))
        self.view_menu.addAction(a("action.zoom_region", lambda: self.zoom_to_parent("helseregion")))
        self.view_menu.addSeparator()
        self.view_menu.addAction(a("action.projection", lambda: self.open_projection()))
        self.lang_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        for lang in ("nb", "en"):
            act = a(f"lang.{lang}", lambda checked=False, lg=lang: self.set_language(lg), checkable=True)
            act.setChecked(self.view.lang == lang)
            group.addAction(act)
            self.lang_menu.addAction(act)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a("action.sources", self.show_sources))
        self.help_menu.addAction(a("action.about", self.show_about))
        self.toolbar.addWidget(self.search)
        self.toolbar.addSeparator()
        for key in ("action.reset_view", "action.zoom_county", "action.zoom_region", "action.export"):
            self.toolbar.addAction(self._actions[key])
        self._refresh_recent()

    def retranslate(self) -> None:
        lang = self.view.lang
        self.setWindowTitle(tr("app.title", lang))
        for menu, key in ((self.file_menu, "menu.file"), (self.view_menu, "menu.view"), (self.edit_menu, "menu.edit"),
                          (self.lang_menu, "menu.language"), (self.help_menu, "menu.help"),
                          (self.recent_menu, "action.recent")):
            menu.setTitle(tr(key, lang))
        for key, act in self._actions.items():
            act.setText(tr(key, lang))
        self._actions[f"lang.{lang}"].setChecked(True)
        self.controls_dock.setWindowTitle(tr("label.indicator", lang))
        self.details_dock.setWindowTitle(tr("label.breakdown", lang))
        self.search.setPlaceholderText(tr("label.search", lang))
        self.search.rebuild(lang)
        if self.views.built_table() is not None:  # made later in the language of the moment
            self.views.built_table().retranslate(lang)
        self.views.retranslate(lang)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent/projects") or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent[:RECENT_MAX]:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda checked=False, p=path: self.open_project(p))
        self.recent_menu.setEnabled(bool(recent))

    # -- help --------------------------------------------------------------------------
    def show_sources(self) -> None:
        from geo.levels import CREDIT

        lang = self.view.lang
        lines = []
        for src in self.session.catalogue.sources.values():
            where = src.seed_file or src.url
            lines.append(f"• {src.citation()}" + (f" — {where}" if where else ""))
        meta = CREDIT[self.view.map_vintage][0 if lang == "nb" else 1] + "."
        text = "\n".join(lines) + "\n\n" + meta + "\n\n" + tr("help.own_calculations", lang)
        from PySide6.QtWidgets import QMessageBox  # the dialog's class is made when first used (issue 15)

        QMessageBox.information(self, tr("action.sources", lang).replace("&", ""), text)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "Legekart", tr("app.title", self.view.lang))
