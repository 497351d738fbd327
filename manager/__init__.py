"""The manager dashboard (大厅管理): live hall status, cases at risk, 好差评 follow-up,
configuration and reports. See DESIGN §6.
"""
