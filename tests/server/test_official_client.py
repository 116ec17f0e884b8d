"""The official Python client, ionworks-api 0.38.0, against a running jobs-server.

The server's address and key come from JOBS_SERVER_URL and JOBS_API_KEY (tests/server/run.sh
starts a server and sets both). The client takes its base URL from `api_url` (or the
IONWORKS_API_URL variable) and sends the key in the X-API-Key header.
"""

import gzip
import json
import os
import re
import time
import warnings
from pathlib import Path

import pytest
import requests
import yaml
from ionworks import Ionworks
from ionworks.errors import IonworksError
from ionworks.job import JobCreationPayload

BASE_URL = os.environ["JOBS_SERVER_URL"]
API_KEY = os.environ["JOBS_API_KEY"]
CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "submit-job-openapi.md"


@pytest.fixture(scope="module")
def client():
    return Ionworks(api_key=API_KEY, api_url=BASE_URL, max_retries=0)


def create(client, **params):
    with warnings.catch_warnings():
        # job.create is deprecated against the hosted API, which no longer takes direct
        # submissions; this server does.
        warnings.simplefilter("ignore", DeprecationWarning)
        return client.job.create(JobCreationPayload(job_type="simulate", params=params))


def wait_until(client, job_id, done, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        job = client.job.get(job_id)
        if done(job) or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_create_get_and_list_a_job_to_completion(client):
    created = create(client, duration_s=0.2, steps=2)
    assert created.status == "pending" and created.priority == 5
    assert created.is_terminal is False
    done = wait_until(client, created.job_id, lambda j: j.is_terminal)
    assert done.status == "completed" and done.is_failed is False
    assert done.result["simulated"] is True
    listed = client.job.list()
    assert created.job_id in [job.job_id for job in listed]
    trace = client.job.get_parameter_trace(created.job_id)
    assert [entry["iteration"] for entry in trace] == [1, 2]


def test_cancel_a_running_job_then_cancel_again_is_refused(client):
    created = create(client, duration_s=600)
    wait_until(client, created.job_id, lambda j: j.status == "processing")
    canceled = client.job.cancel(created.job_id)
    assert canceled.status == "canceled" and canceled.is_terminal and canceled.is_failed
    with pytest.raises(IonworksError) as refused:
        client.job.cancel(created.job_id)
    assert refused.value.status_code == 409
    assert "cannot be canceled" in refused.value.message


def test_an_unknown_job_is_a_404_job_not_found(client):
    with pytest.raises(IonworksError) as missing:
        client.job.get("no-such-job")
    assert missing.value.status_code == 404
    assert missing.value.message == "Job not found"


def test_a_large_payload_is_sent_gzipped_and_accepted(client):
    # The client gzips payloads of 512 KB or more.
    created = create(client, duration_s=0, data="x" * 600_000)
    assert wait_until(client, created.job_id, lambda j: j.is_terminal).status == "completed"


def test_a_failing_job_reports_its_error(client):
    created = create(client, duration_s=0, fail_with="MODEL_ERROR")
    failed = wait_until(client, created.job_id, lambda j: j.is_terminal)
    assert failed.status == "failed" and failed.is_failed
    assert "fail_with" in failed.error


def test_a_wrong_api_key_is_a_401_with_a_sentence():
    wrong = Ionworks(api_key="not-the-key", api_url=BASE_URL, max_retries=0)
    with pytest.raises(IonworksError) as refused:
        wrong.job.list()
    assert refused.value.status_code == 401
    assert "X-API-Key" in refused.value.message


def test_list_answers_are_typed_exactly_application_json_with_a_total():
    answer = requests.get(f"{BASE_URL}/jobs/?limit=2", headers={"X-API-Key": API_KEY})
    assert answer.headers["Content-Type"] == "application/json"
    assert int(answer.headers["X-Total-Count"]) >= len(answer.json())
    assert answer.headers["x-correlation-id"]


def test_a_gzip_body_posted_by_hand_is_accepted():
    body = gzip.compress(json.dumps({"job_type": "dummy", "params": {"duration_s": 0}}).encode())
    answer = requests.post(
        f"{BASE_URL}/jobs",
        data=body,
        headers={"X-API-Key": API_KEY, "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 202, answer.text


def test_the_openapi_document_holds_the_contracts_submit_job_exactly():
    block = re.search(r"````yaml[^\n]*\n(.*?)````", CONTRACT.read_text(), re.S).group(1)
    contract = yaml.safe_load(block)
    served = requests.get(f"{BASE_URL}/openapi.json").json()
    assert served["paths"]["/jobs"]["post"] == contract["paths"]["/jobs"]["post"]
    for name, schema in contract["components"]["schemas"].items():
        assert served["components"]["schemas"][name] == schema, name
