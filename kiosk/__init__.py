"""The public-facing screens: the self-service kiosk (自助终端); the hall call board (叫号屏)
comes with the server.

``python -m kiosk`` runs the kiosk offline on the shipped catalog (`kiosk.app.main`). Models are
in `kiosk.model` (Qt-free), one screen per file in `kiosk.screens`, the frame in `kiosk.window`.
"""
