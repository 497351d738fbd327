"""The department view (部门审批) of the desk client: `DepartmentModel` (Qt-free) and
`DepartmentView` (its screen)."""
