"""Printing (to come), Qt-free: thermal queue tickets through python-escpos, laid out as a
1-bit raster with a bundled CJK font, and A4 notices through reportlab with an embedded TrueType
CJK font. See DESIGN §5.
"""
