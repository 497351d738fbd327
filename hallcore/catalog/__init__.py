"""The catalog of 一件事 themes: typed model, loader with validation, and the situation resolver.

Format of the data: `docs/catalog.md`. The shipped catalog is `resources/catalog/`.
"""

from hallcore.catalog.loader import (
    CatalogError,
    CatalogProblem,
    check_catalog,
    load_catalog,
    shipped_catalog_path,
)
from hallcore.catalog.model import (
    Audience,
    Catalog,
    Department,
    FieldDef,
    FieldType,
    FormEntry,
    FulfilWay,
    Material,
    ServiceItem,
    Situation,
    Theme,
    ThemeStatus,
)
from hallcore.catalog.resolver import (
    AnswerProblem,
    ChecklistEntry,
    IncompleteAnswers,
    Resolution,
    resolve,
)

__all__ = [
    "AnswerProblem",
    "Audience",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "ChecklistEntry",
    "Department",
    "FieldDef",
    "FieldType",
    "FormEntry",
    "FulfilWay",
    "IncompleteAnswers",
    "Material",
    "Resolution",
    "ServiceItem",
    "Situation",
    "Theme",
    "ThemeStatus",
    "check_catalog",
    "load_catalog",
    "resolve",
    "shipped_catalog_path",
]
