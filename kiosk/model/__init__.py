"""The kiosk's models: plain Python with callbacks (`hallui.observable`), never Qt.

* `session` — `KioskSession`: where the person is (route), elder mode, the chosen theme, the
  question flow, help requests, the checklist print status; `reset()` wipes it all;
* `browse` — `CatalogBrowser`: themes by audience and life stage, and search (Chinese text and
  pinyin initials);
* `questions` — `QuestionFlow`: situation questions one at a time → `hallcore.catalog.resolve`;
* `services` — what the kiosk reaches outside itself (`HelpDesk`, the checklist printer), with
  the offline implementations;
* `admin` — the hidden admin exit: a tap sequence in a corner, then a PIN;
* online: `hall_link` (the direct requests: 取号, 预约签到, status, rating), `ticketing` (取号),
  `appointments` (预约签到), `lookup` (排队进度, 好差评), `prescan` (预先扫描 → the ticket's draft
  on the server), `wedge` (keyboard-wedge readers).
"""
