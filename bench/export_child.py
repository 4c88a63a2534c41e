"""One export in a process of its own (see bench_export): `service` or `raw`, then print JSON.

python -m bench.export_child service|raw DEALER_SLUG OUTPUT.csv
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path


def service(dealer, out: Path) -> dict:  # type: ignore[no-untyped-def]
    from forecourt.transfers.models import TransferJob
    from forecourt.transfers.services import export_request, export_run

    job = export_request(dealer=dealer, by=None, file_format="csv", filters={}, enqueue=False)
    start = time.perf_counter()
    export_run(job_id=job.pk)
    seconds = time.perf_counter() - start
    job = TransferJob.for_dealer(dealer).get(pk=job.pk)
    return {"seconds": seconds, "rows": job.progress_done, "path": job.file_path}


def raw(dealer, out: Path) -> dict:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from forecourt.customers.listing import CustomerFilter
    from forecourt.transfers.exporting import EXPORT_COLUMNS
    from forecourt.transfers.services import export_queryset

    queryset = export_queryset(dealer=dealer, flt=CustomerFilter())
    sql, params = queryset.values_list(*EXPORT_COLUMNS).query.sql_with_params()
    start = time.perf_counter()
    with (
        transaction.atomic(),
        out.open("w", newline="", encoding="utf-8", buffering=1 << 20) as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.connection.cursor(name="bench_raw_export") as cursor:
                cursor.itersize = 2000
                cursor.execute(sql, params)
                writer.writerows(cursor)
        else:
            cursor = connection.connection.cursor()
            cursor.execute(sql.replace("%s", "?"), params)
            writer.writerows(cursor)
            cursor.close()
    return {"seconds": time.perf_counter() - start, "path": str(out)}


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB (VmHWM).

    Not getrusage's ru_maxrss: Linux carries the parent's size at fork across exec into it,
    so a child of a big process would report its parent.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    mode, slug, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    import django

    django.setup()
    from forecourt.tenancy.models import Dealer

    dealer = Dealer.objects.get(slug=slug)
    result = {"service": service, "raw": raw}[mode](dealer, out)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
