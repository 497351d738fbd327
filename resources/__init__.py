"""Data read with importlib.resources: the theme catalog (catalog/*.yaml), and later fonts, QSS,
icons, translations, voice clips and sample scans. No code lives here.
"""
