"""Scanning (to come): SANE, file import, the UVC document camera and Windows WIA/TWAIN behind
one interface; deskew, crop, blank-page drop, compression, one PDF per material with GB/T 42727
metadata. See DESIGN §5.
"""
