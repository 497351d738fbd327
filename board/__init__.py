"""The hall call board (叫号屏): current calls, the last ten, waiting counts, and announcements
that never overlap. Numbers and windows only, never names. See DESIGN §6.
"""
