"""The staff screens (to come): the comprehensive-window desk (综合窗口), the department view and
the manager dashboard. See DESIGN §6.
"""
