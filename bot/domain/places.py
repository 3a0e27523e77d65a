"""What a station or a team may be: the kinds and levels of stations, and the ids operators type."""

from __future__ import annotations

import re

# The 阵地 the plans name.
STATION_KINDS = (
    "新时代文明实践中心",
    "新时代文明实践所",
    "新时代文明实践站",
    "党群服务中心",
    "社区服务中心",
)
LEVELS = ("旗", "市", "区", "镇", "村")
# Lower-case letters, digits, - and _: what operators type in commands and seed files.
PLACE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{1,40}$")
