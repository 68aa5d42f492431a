"""The store's identity rules, pure functions of a context: what a machine is, what a run is,
and what may change within one machine's history."""

import json
from datetime import datetime, timezone

import pytest

from concbench.store import identity


@pytest.fixture
def context(fixture_path):
    return json.loads(fixture_path("store/small_run.json").read_text())["context"]


def test_machine_is_host_cpu_cores_threads_and_ram_rounded_up(context):
    machine = identity.machine_of(context)
    assert machine == identity.Machine("vm", "AMD EPYC", 2, 2, 24)    # MemTotal 23.54 GiB: 24 installed


def test_kernel_compiler_commit_and_cpus_in_use_do_not_make_another_machine(context):
    changed = dict(context, kernel="Linux 6.19.0 x86_64", compiler="clang 17", concbench_commit="fffffff",
                   concbench_cpus="0", usable_cpus="1", boost_version="1.83.0",
                   ram_bytes=str(int(context["ram_bytes"]) - 64 * 2 ** 20))     # a kernel reserving 64 MB more
    assert identity.machine_of(changed) == identity.machine_of(context)
    assert set(identity.changed_fields(identity.history_of(context), identity.history_of(changed))) == {
        "kernel", "compiler", "concbench_commit", "concbench_cpus", "usable_cpus", "boost_version", "ram_bytes"}


@pytest.mark.parametrize("field, value", [("host_name", "other"), ("cpu_model", "Intel Xeon"),
                                          ("physical_cores", "4"), ("hardware_threads", "4"),
                                          ("ram_bytes", str(48 * 2 ** 30))])
def test_hardware_or_host_name_changed_is_another_machine(context, field, value):
    assert identity.machine_of(dict(context, **{field: value})) != identity.machine_of(context)


def test_concbench_machine_names_a_machine_whose_hostname_changes(context):
    assert identity.machine_of(dict(context, concbench_machine="ci-runner-1")).name == "ci-runner-1"


def test_older_runs_without_the_fingerprint_still_group():
    machine = identity.machine_of({"hostname": "old", "num_cpus": 8})
    assert machine == identity.Machine("old", "", 0, 8, 0)
    assert identity.machine_of({}).name == "unknown"


def test_history_fields_are_text(context):
    history = identity.history_of(dict(context, concbench_cpus=[0, 1]))
    assert set(history) == set(identity.HISTORY_FIELDS)
    assert history["kernel"] == context["kernel"] and history["concbench_cpus"] == "[0,1]"
    assert history["cpu_governor"] == ""


def test_digest_ignores_layout_but_not_content(fixture_path):
    text = fixture_path("store/small_run.json").read_text()
    document = json.loads(text)
    reordered = json.loads(json.dumps(dict(reversed(list(document.items()))), indent=None))
    assert identity.document_digest(reordered) == identity.document_digest(document)
    document["benchmarks"][0]["real_time"] *= 1.0000001
    assert identity.document_digest(document) != identity.document_digest(json.loads(text))


def test_measured_at_is_utc():
    fallback = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert identity.measured_at({"date": "2026-12-01T23:59:11+02:00"}, fallback) == "2026-12-01T21:59:11Z"
    assert identity.measured_at({"date": "2019-03-07 14:03:17"}, fallback) == "2019-03-07T14:03:17Z"
    assert identity.measured_at({}, fallback) == "2030-01-01T00:00:00Z"
