import csv
import io
import zipfile

import pytest

from forecourt.postcodes import loader
from forecourt.postcodes.models import Postcode

HEADER = [
    "postal_code",
    "country_code",
    "admin_name1",
    "admin_code1",
    "admin_name2",
    "admin_name3",
    "place_name",
]
ROWS = {
    "GB": [
        [
            "M3 2BW",
            "GB",
            "England",
            "ENG",
            "Greater Manchester",
            "Manchester District (B)",
            "Manchester",
        ],
        [
            "M3 2BX",
            "GB",
            "England",
            "ENG",
            "Greater Manchester",
            "Manchester District (B)",
            "Manchester",
        ],
        ["M3 2BY", "GB", "England", "ENG", "Greater Manchester", "Salford District (B)", "Salford"],
        ["M3", "GB", "England", "ENG", "Greater Manchester", "", "Manchester"],
    ],
    "CA": [["K1A 0B1", "CA", "Ontario", "ON", "", "", "Ottawa"]],
    "IN": [["411005", "IN", "Maharashtra", "16", "Pune", "Pune City", "Shivajinagar"]],
    "US": [["10001", "US", "New York", "NY", "New York", "", "New York"]],
}


@pytest.fixture
def small_data(tmp_path, monkeypatch):
    for country, rows in ROWS.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows)
        with zipfile.ZipFile(tmp_path / f"{country}.zcsv", "w") as archive:
            archive.writestr(f"{country}.zcsv", buffer.getvalue())
    monkeypatch.setattr(loader, "data_file", lambda country: tmp_path / f"{country}.zcsv")


@pytest.mark.django_db
def test_load_is_compact_and_idempotent(small_data):
    assert loader.postcodes_load() == {"GB": 2, "US": 1, "CA": 1, "IN": 1}
    assert loader.postcodes_load() == {"GB": 0, "US": 0, "CA": 0, "IN": 0}
    sector = Postcode.objects.get(country="GB", code="M3 2")
    assert sector.place == "Manchester"
    assert Postcode.objects.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("country", "code", "city", "region", "county", "postal_code"),
    [
        ("GB", "m32bw", "Manchester", "England", "Greater Manchester", "M3 2BW"),
        ("CA", "k1a-0b1", "Ottawa", "Ontario", "", "K1A 0B1"),
        ("IN", "411005", "Pune", "Maharashtra", "Pune", "411005"),
        ("US", "10001", "New York", "New York", "New York", "10001"),
    ],
)
def test_postcode_api_fills_address(
    api, small_data, country, code, city, region, county, postal_code
):
    loader.postcodes_load()
    response = api.get(f"/api/v1/postcodes/{country}/{code}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["city"], body["region"], body["county"]) == (city, region, county)
    assert body["postal_code"] == postal_code
    assert body["country"] == country
    assert body["locality"] == ("Shivajinagar" if country == "IN" else "")


@pytest.mark.django_db
def test_postcode_api_errors(api, small_data):
    loader.postcodes_load()
    assert api.get("/api/v1/postcodes/GB/SW1A 1AA/").status_code == 404
    bad = api.get("/api/v1/postcodes/GB/12345/")
    assert bad.status_code == 400
    assert "not a valid postal code" in bad.json()["postal_code"][0]
    unknown = api.get("/api/v1/postcodes/DE/10115/")
    assert unknown.status_code == 400
    assert "not supported" in unknown.json()["postal_code"][0]


@pytest.mark.django_db
def test_load_postcodes_command(small_data):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_postcodes", "--country", "GB", stdout=out)
    assert "GB: 2 places" in out.getvalue()
