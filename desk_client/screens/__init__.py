"""The desk screens: one screen or panel per file; each takes its model and listens to it."""
