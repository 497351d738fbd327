"""The public-facing screens (to come): the self-service kiosk (自助终端) and the hall call board
(叫号屏). See DESIGN §6.
"""
