"""The staff screens: the comprehensive-window desk (综合窗口) and the department view.
See DESIGN §6.
"""
