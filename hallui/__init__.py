"""Qt shared by the apps (to come): bootstrap, bundled fonts, QSS styles, translations, the Qt
bridge to server_sync and the common widgets. See DESIGN §2 and §6.
"""
