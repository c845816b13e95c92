"""Regions, and nothing else, for the tests of users, roles and the audit trail.

测试省 (P) holds two cities:
- 测试市 (C) with 甲区 (D1: streets U11, U12) and 乙区 (D2: street U21);
- 他市 (C2) with 丙区 (E1: street V1).

No programme: a user's scope, a grant's level and the audit trail's region filter need
only where each region lies.
"""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.loading import ProgrammeData, RegionSpec, load_programme_data
from data_access.regions import RegionRef, find_region

REGIONS = [
    RegionSpec("P", "测试省", "province", "province", name_en="Test Province"),
    RegionSpec("C", "测试市", "city", "city", "P", "Test City"),
    RegionSpec("D1", "甲区", "county", "district", "C", "District One"),
    RegionSpec("U11", "街道U11", "unit", "street", "D1"),
    RegionSpec("U12", "街道U12", "unit", "street", "D1"),
    RegionSpec("D2", "乙区", "county", "district", "C", "District Two"),
    RegionSpec("U21", "街道U21", "unit", "street", "D2"),
    RegionSpec("C2", "他市", "city", "city", "P", "Other City"),
    RegionSpec("E1", "丙区", "county", "district", "C2", "District Three"),
    RegionSpec("V1", "街道V1", "unit", "street", "E1"),
]


def load_regions(engine: Engine) -> dict[str, RegionRef]:
    """Write the regions; each one by code."""
    load_programme_data(engine, ProgrammeData(regions=REGIONS))
    return {spec.code: find_region(engine, spec.code) for spec in REGIONS}
