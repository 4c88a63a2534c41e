"""Registration lookup (SPEC C3) through the service vs a raw indexed SQL probe of the same rows.

The service normalises the plate as typed (`ab12cde`, `AB12 CDE`, `ab-12-cde`), reads the
vehicle with its current customer through the ORM and wraps the result. The raw probe is
the floor: the same join on the same unique (dealer, registration_normalised) index, with
the key already normalised, through the driver's cursor.
"""

from __future__ import annotations

from bench.context import BenchContext
from bench.report import Target, time_each

LOOKUPS = 2000
WARM_UP = 200
SERVICE_P50_MS = 1.0

RAW_PROBE = (
    "SELECT v.*, c.* FROM vehicles_vehicle v "
    "LEFT JOIN customers_customer c ON c.id = v.customer_id "
    "WHERE v.dealer_id = {mark} AND v.registration_normalised = {mark}"
)


def _typed(registration: str, n: int) -> str:
    """Return the plate as staff might type it: lower case, no spaces, or with dashes."""
    compact = registration.replace(" ", "")
    return [compact.lower(), registration, "-".join(registration.lower().split())][n % 3]


def run(context: BenchContext) -> None:
    from django.db import connection

    from forecourt.vehicles.lookup import vehicle_lookup
    from forecourt.vehicles.registration import registration_normalise

    dealer = context.dealer
    samples = context.samples(LOOKUPS + WARM_UP, seed=11)
    plates = [_typed(s.registration, n) for n, s in enumerate(samples)]
    warm, plates = plates[:WARM_UP], plates[WARM_UP:]

    def service(plate: str) -> None:
        found = vehicle_lookup(dealer=dealer, registration=plate)
        assert found is not None and found.vehicle.customer is not None, plate

    for plate in warm:
        service(plate)
    service_ms = time_each(service, plates)

    raw = connection.connection.cursor()  # the driver's own cursor: no ORM, no wrappers
    mark = "%s" if connection.vendor == "postgresql" else "?"
    sql = RAW_PROBE.format(mark=mark)
    dealer_key = dealer.pk if connection.vendor == "postgresql" else dealer.pk.hex
    keys = [registration_normalise(p) for p in plates]

    def probe(key: str) -> None:
        raw.execute(sql, (dealer_key, key))
        assert raw.fetchone() is not None, key

    for key in (registration_normalise(p) for p in warm):
        probe(key)
    raw_ms = time_each(probe, keys)
    raw.close()

    note = f"{len(plates):,} plates typed 3 ways"
    report = context.report
    bench = "registration lookup · vehicle_lookup() (service)"
    p50, p95 = report.add_latency(bench, service_ms, note, p50=Target(SERVICE_P50_MS))
    raw_p50, raw_p95 = report.add_latency(
        "registration lookup · raw indexed SQL probe", raw_ms, "same join, same index"
    )
    report.add("registration lookup · service ÷ raw", "p50 ratio", p50 / raw_p50, "×")
    report.add("registration lookup · service ÷ raw", "p95 ratio", p95 / raw_p95, "×")
