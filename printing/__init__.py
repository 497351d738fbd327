"""Printing, Qt-free (DESIGN §5): thermal queue tickets and A4 notices.

* `printing.fonts` — the bundled CJK TrueType font (WenQuanYi Micro Hei) for Pillow and reportlab;
* `printing.linebreak` — Chinese line breaking: no closing mark starts a line, codes stay whole;
* `printing.ticket_layout` — `TicketContent` and `render_ticket`: the ticket as a 1-bit raster
  384/512/576 dots wide, which is both the print and the on-screen preview;
* `printing.escpos_output` — `PrinterConfig`, the ESC/POS bytes (raster, or text mode with FS &
  and GB18030), the python-escpos transports, and `PrinterProblem` for printer trouble;
* `printing.ticket_printer` — `TicketPrinter`, `PrintJob`, `PrintOutcome`: printing never raises
  for printer trouble, the job keeps its bytes for a reprint;
* `printing.notices_pdf` — `render_notice`: the six notices as A4 PDF with the font embedded.

Import the module you need; this package imports nothing, so a ticket never loads reportlab.
"""
