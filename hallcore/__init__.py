"""The domain of OneWindow (一窗通), pure Python.

The catalog of 一件事 themes and its loader, the situation resolver, identifiers (GB 11643,
GB 32100, phones), the working-day calendar and the masking of personal data live here; the queue
policy, the wait estimate, the pre-check engine and the case lifecycle join them. Nothing in this
package imports Qt, SQL or HTTP: the server and every client share it, so the pre-check the kiosk
shows, the one the clerk runs and the one the server enforces are the same code.
"""

__version__ = "0.1.0"
