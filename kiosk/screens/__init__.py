"""The kiosk's screens, one per file; each a `Screen` that takes the `KioskSession`."""
