"""Qt shared by the apps (DESIGN §2, §6).

* `bootstrap.create_application` — QApplication, bundled font (`fonts`), translation (`i18n`),
  logging with Qt's messages routed in (`logs`);
* `theme` — QSS templates with variables, normal and elder (长辈版) variants, contrast maths;
* `crash.CrashHandler` — excepthook → log, crash file, a calm message, recovery;
* `dialogs` — the dialog service (`QtDialogService`, `ScriptedDialogs` for tests);
* `voice.VoiceGuide` — queued QTextToSpeech announcements that never overlap;
* `idle.IdleWatcher` — the idle timeout;
* `observable.Observable` (Qt-free model base) and `qt_bridge` (`ModelListener`,
  `BackgroundRunner`): model callbacks and background results on the UI thread;
* `widgets` — the wrapping `Tile`, labels and buttons by role, touch scroll pages;
* `resources` — importlib.resources access to `resources/`.

To come with server_sync: the Qt bridge to sync and the sync status indicator.
"""
