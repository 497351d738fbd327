"""Scanning: SANE, file import, the UVC document camera and Windows WIA/TWAIN behind one
interface (`ScanSource`); deskew, crop, blank-page drop and compression (`process_page`); one PDF
per material with GB/T 42727 metadata (`build_material`). See DESIGN §5 and docs/scanning/.

Sources with heavy or platform-bound imports live in their own modules and are imported by name:
`scanning.sane_source.SaneSource`, `scanning.camera.CameraSource` (the only Qt module),
`scanning.windows.WiaSource` / `TwainSource`.
"""

from scanning.errors import ErrorCode, ScanError
from scanning.files import FileSource, import_files, read_file
from scanning.material import (
    Material,
    MaterialInfo,
    MaterialPage,
    build_material,
    material_from_batch,
)
from scanning.processing import ColorMode, ProcessedPage, ProcessOptions, process_page
from scanning.source import (
    BatchResult,
    DeviceInfo,
    Feed,
    RawPage,
    ScanSettings,
    ScanSource,
    SourceKind,
    StampedPage,
    collect,
)
from scanning.worker import BatchDone, PageScanned, ScanWorker

__all__ = [
    "BatchDone",
    "BatchResult",
    "ColorMode",
    "DeviceInfo",
    "ErrorCode",
    "Feed",
    "FileSource",
    "Material",
    "MaterialInfo",
    "MaterialPage",
    "PageScanned",
    "ProcessOptions",
    "ProcessedPage",
    "RawPage",
    "ScanError",
    "ScanSettings",
    "ScanSource",
    "ScanWorker",
    "SourceKind",
    "StampedPage",
    "build_material",
    "collect",
    "import_files",
    "material_from_batch",
    "process_page",
    "read_file",
]
