"""CBS Iv3: the import of the files as they come (`bestand`), which track each task field counts towards per
task-field list (`indeling`), and the figures per track, across years and against comparable municipalities
(`cijfers`)."""

from .bestand import BRONNEN, ImportResult, import_file, import_lines, parse, read_codes, year_and_source
from .cijfers import announce, announce_own, per_inwoner, per_spoor, reeks, vergelijking
from .indeling import LIJSTEN, assign, indeling, lijst_van, reset

__all__ = [
    "announce",
    "announce_own",
    "BRONNEN",
    "LIJSTEN",
    "ImportResult",
    "assign",
    "import_file",
    "import_lines",
    "indeling",
    "lijst_van",
    "parse",
    "per_inwoner",
    "per_spoor",
    "read_codes",
    "reeks",
    "reset",
    "vergelijking",
    "year_and_source",
]
