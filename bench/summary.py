"""The last thing `make bench` prints: issue 18's table with issue 33's targets, every row with this run's figure, its
ratio to the floor measured in the same run (the bare framework, PostgreSQL's COPY, the commit-to-consumer path's
parts) and its target. A row whose benchmark did not run says so."""

from __future__ import annotations

import results


def main() -> None:
    load, ingest, events, report = (results.load(n) for n in ("load", "ingest", "events", "rapportage"))
    load_2, tenants = results.load("load_2"), results.load("tenants")
    rows: list[tuple[str, str, str, str]] = []
    if load:
        floor, floor1 = load["floor"]["rps"], load["floor1"]["p50_ms"]
        one, mixed = load["gateway1"], load["mixed"]
        rows += [
            _gateway_read(load, "one-track read through the gateway, one process per API"),
            ("same, 1 client, p50", f"{one['p50_ms']:.2f} ms (floor {floor1:.2f})",
             f"{one['p50_ms'] / floor1:.2f} × floor", "≤ 1.5 × floor"),
            (f"mixed read, {load['clients']} clients, p50", f"{mixed['p50_ms']:.1f} ms ({mixed['rps']:,.0f} req/s)",
             f"{mixed['rps'] / floor:.2f} × floor req/s", "≤ 20 ms"),
        ]  # fmt: skip
    else:
        rows.append(("read path (bench/load.py)", "not run", "", ""))
    if load_2:
        rows.append(_gateway_read(load_2, "same, two processes per API and gateway"))
    else:
        rows.append(("read path, two processes (bench/load.py --workers 2)", "not run", "", ""))
    if ingest:
        rows.append(
            (
                "bulk ingest of 1 M measurements (first / again)",
                f"{ingest['eerste']:,.0f} / {ingest['opnieuw']:,.0f} rows/s",
                f"{ingest['eerste'] / ingest['copy_binary']:.2f} × binary COPY, "
                f"{ingest['eerste'] / ingest['copy_durable']:.2f} × durable COPY",
                "≥ 0.9 × durable COPY",
            )
        )
    else:
        rows.append(("bulk ingest (bench/indicatoren_ingest.py)", "not run", "", ""))
    if events:
        rows.append(
            (
                "event latency commit → read model, p50 / p99",
                f"{events['p50_ms']:.1f} / {events['p99_ms']:.1f} ms",
                f"{events['p50_ms'] / events['floor_ms']:.1f} × floor ({events['floor_ms']:.2f} ms)",
                "≤ 5 / ≤ 20 ms",
            )
        )
    else:
        rows.append(("event latency (bench/run.py)", "not run", "", ""))
    if tenants and "events_loaded" in tenants:
        loaded, quiet = tenants["events_loaded"]["many"], tenants["events"]["many"]
        if results.judged_event_bound(loaded) == "commit":  # commit to commit, exactly
            (p50, p99), said = loaded["commit"], "commit to commit"
            quiet99 = quiet["commit"][1]
        else:  # between the answer (after the commit) and the event's time (before it)
            (low50, low99), (p50, p99) = loaded["from_answer"], loaded["from_event"]
            said, quiet99 = f"from the event's time; from the answer {low50:.1f} / {low99:.1f}", quiet["from_event"][1]
        rows.append(
            (
                f"same, {tenants['municipalities']} municipalities, under the mixed read load, p50 / p99",
                f"{p50:.1f} / {p99:.1f} ms ({said}; {tenants['load_rps']['many']:,.0f} reads/s)",
                f"{p99 / quiet99:.1f} × its quiet p99 ({quiet99:.1f} ms)",
                "p99 ≤ 20 ms",
            )
        )
    else:
        rows.append(("event latency under load (bench/tenants.py)", "not run", "", ""))
    if report:
        rows.append(
            (
                "half-year report PDF, median (rendering from scratch)",
                f"{report['pdf_median_ms']:.0f} ms ({report['pdf_rendering_ms']:.0f} ms)",
                f"{report['pdf_median_ms'] / 300:.2f} × target",
                "≤ 300 ms",
            )
        )
    else:
        rows.append(("half-year report (bench/rapportage.py)", "not run", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print("== issues 18 and 33: this run beside its floors and targets")
    for row in (("measure", "this run", "ratio", "target"), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def _gateway_read(load: dict, label: str) -> tuple[str, str, str, str]:
    """The one-track read through the gateway of one `bench/load.py` run, beside that run's floor and its target."""
    floor, gateway = load["floor"]["rps"], load["gateway"]
    return (
        f"{label}, {load['clients']} clients",
        f"{gateway['rps']:,.0f} req/s (floor {floor:,.0f})",
        f"{gateway['rps'] / floor:.2f} × floor",
        results.gateway_read_target(load.get("workers", 1))[0],
    )


if __name__ == "__main__":
    main()
