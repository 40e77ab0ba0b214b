"""The departments of metropolitan France: shapes (vendored SVG) and their regions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SVG_PATH = (
    Path(__file__).resolve().parent
    / "static"
    / "vendor"
    / "france-departments"
    / "france.departments.svg"
)

# Department code -> region, as the ``Territory.region`` values are written.
_REGIONS = {
    "Auvergne-Rhône-Alpes": "01 03 07 15 26 38 42 43 63 69 73 74",
    "Bourgogne-Franche-Comté": "21 25 39 58 70 71 89 90",
    "Bretagne": "22 29 35 56",
    "Centre-Val de Loire": "18 28 36 37 41 45",
    "Corse": "2A 2B",
    "Grand Est": "08 10 51 52 54 55 57 67 68 88",
    "Hauts-de-France": "02 59 60 62 80",
    "Île-de-France": "75 77 78 91 92 93 94 95",
    "Normandie": "14 27 50 61 76",
    "Nouvelle-Aquitaine": "16 17 19 23 24 33 40 47 64 79 86 87",
    "Occitanie": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "Pays de la Loire": "44 49 53 72 85",
    "Provence-Alpes-Côte d'Azur": "04 05 06 13 83 84",
}
REGION_OF: dict[str, str] = {
    code: region for region, codes in _REGIONS.items() for code in codes.split()
}


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    path: str
    region: str


@dataclass(frozen=True)
class FranceMap:
    view_box: str
    departments: tuple[Department, ...]


@lru_cache(maxsize=1)
def france_map() -> FranceMap:
    """The vendored map, parsed once per process."""
    root = ET.parse(SVG_PATH).getroot()
    departments = []
    for element in root.iter("{http://www.w3.org/2000/svg}path"):
        code = element.get("id", "")
        departments.append(
            Department(
                code=code,
                name=element.get("aria-label", code),
                path=element.get("d", ""),
                region=REGION_OF.get(code, ""),
            )
        )
    return FranceMap(view_box=root.get("viewBox", "0 0 613 585"), departments=tuple(departments))


def department_codes(value: str | None) -> list[str]:
    """Codes held in ``Territory.department_code`` ("26", "73/74", "2A, 2B", "6" -> "06")."""
    return list(_department_codes(value)) if value else []


# A page drawing the territories behind a wish reads the same few hundred codes each
# time: parsed once per distinct value.
@lru_cache(maxsize=4096)
def _department_codes(value: str) -> tuple[str, ...]:
    codes = []
    for part in re.split(r"[\s,;/]+", value.strip()):
        if not part:
            continue
        part = part.upper()
        if part.isdigit() and len(part) == 1:
            part = "0" + part
        codes.append(part)
    return tuple(codes)


def departments_of_region(region: str) -> list[str]:
    return list(_departments_of_region(region))


@lru_cache(maxsize=64)
def _departments_of_region(region: str) -> tuple[str, ...]:
    return tuple(code for code, name in REGION_OF.items() if name == region)
